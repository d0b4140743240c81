import type { AttachmentService } from '../attachments/attachment.service.ts';
import type { ConversationService } from '../conversations/conversation.service.ts';
import type { MessageService } from '../conversations/message.service.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import type { Signal } from '../realtime/event-bus.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { AvailabilityService } from './availability.service.ts';
import { ReadStateService } from './read-state.service.ts';
import { VisitorConversationService } from './visitor-conversation.service.ts';
import { VisitorFileService } from './visitor-file.service.ts';
import { VisitorProfileService } from './visitor-profile.service.ts';
import { VisitorSessionService } from './visitor-session.service.ts';
import { VisitorView } from './visitor-view.ts';
import { WidgetSettingsService } from './widget-settings.service.ts';

/** Builds the widget's services from the shared ones (called by the composition root). */
export function createWidgetServices(
  deps: ServiceDeps,
  shared: {
    customers: CustomerService;
    conversations: ConversationService;
    messages: MessageService;
    attachments: AttachmentService;
    /** The event bus: read receipts are announced as ephemeral signals. */
    signals: { signal(signal: Signal): void };
  },
) {
  const availability = new AvailabilityService(deps);
  const view = new VisitorView(deps.clock);
  const sessions = new VisitorSessionService(deps, shared.customers);
  const reads = new ReadStateService(deps, shared.signals);
  const profiles = new VisitorProfileService(deps, shared.customers, sessions);
  return {
    availability,
    settings: new WidgetSettingsService(deps, availability),
    sessions,
    reads,
    profiles,
    conversations: new VisitorConversationService(
      deps,
      shared.conversations,
      shared.messages,
      profiles,
      reads,
      view,
    ),
    files: new VisitorFileService(deps, shared.attachments, view),
  };
}

export type WidgetServices = ReturnType<typeof createWidgetServices>;
