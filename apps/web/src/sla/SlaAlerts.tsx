import { useRealtimeEvent } from '../app/realtime-hooks.ts';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import type { EventPayload } from '../lib/types.ts';
import { useToast } from '../ui/Toaster.tsx';

/**
 * Shows a policy's `notify` action (the `sla.alert` event) to the conversation's assignee and
 * to supervisors and above; other agents are not interrupted.
 */
export function SlaAlerts() {
  const { t } = useI18n();
  const toast = useToast();
  const { session } = useWorkspace();
  const isSupervisor = session.role !== 'agent';
  useRealtimeEvent((event) => {
    if (event.type !== 'sla.alert') return;
    const alert = event.payload as EventPayload<'sla.alert'>;
    if (!isSupervisor && alert.assigneeId !== session.user.id) return;
    const metric = t(`sla.metric.${alert.metric}` as MessageKey);
    const key = alert.kind === 'breach' ? 'sla.alert.breach' : 'sla.alert.warning';
    const text = t(key, { number: alert.number, metric });
    if (alert.kind === 'breach') toast.error(text);
    else toast.info(text);
  });
  return null;
}
