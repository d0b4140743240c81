import type { VisitorRealtimePort } from '../realtime/visitor-connection.ts';
import type { WidgetServices } from './widget-services.ts';
import { AppError } from '../../lib/errors.ts';

/** What the visitor socket needs, answered by the widget's services. */
export function visitorRealtimePort(widget: WidgetServices): VisitorRealtimePort {
  return {
    authenticate: (token, ip) => widget.sessions.authenticate(token, ip),
    conversationIds: (visitor) => widget.conversations.ids(visitor),
    async conversation(visitor, id) {
      try {
        return await widget.conversations.get(visitor, id);
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') return null;
        throw error;
      }
    },
    message: (visitor, message) => widget.conversations.presentEventMessage(visitor, message),
  };
}
