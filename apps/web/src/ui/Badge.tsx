import { useI18n } from '../i18n/I18nProvider.tsx';
import type { ConversationStatus, Priority } from '../lib/types.ts';

/** The conversation's status as a coloured pill. */
export function StatusBadge({ status }: { status: ConversationStatus }) {
  const { t } = useI18n();
  return <span className={`badge badge-status-${status}`}>{t(`status.${status}`)}</span>;
}

/** Priority, shown only when it asks for attention (high, urgent) unless `always`. */
export function PriorityBadge({ priority, always }: { priority: Priority; always?: boolean }) {
  const { t } = useI18n();
  if (!always && (priority === 'normal' || priority === 'low')) return null;
  return <span className={`badge badge-priority-${priority}`}>{t(`priority.${priority}`)}</span>;
}
