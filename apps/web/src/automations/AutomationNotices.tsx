import { useRealtimeEvent } from '../app/realtime-hooks.ts';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { EventPayload } from '../lib/types.ts';
import { useToast } from '../ui/Toaster.tsx';

/**
 * Shows a trigger's or time rule's `notify` action to the conversation's assignee; when nobody
 * is assigned, to every agent (someone should pick it up).
 */
export function AutomationNotices() {
  const { t } = useI18n();
  const toast = useToast();
  const { session } = useWorkspace();
  useRealtimeEvent((event) => {
    if (event.type !== 'automation.notice') return;
    const notice = event.payload as EventPayload<'automation.notice'>;
    if (notice.assigneeId && notice.assigneeId !== session.user.id) return;
    toast.info(
      t('automations.notice', { number: notice.number, rule: notice.ruleName, text: notice.text }),
    );
  });
  return null;
}
