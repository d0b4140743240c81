import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

interface Props {
  name: string;
  summary: string;
  /** Position in an ordered list (triggers), shown as "1." with move buttons. */
  order?: { index: number; count: number; onMove: (by: -1 | 1) => void };
  enabled?: { value: boolean; onToggle: () => void };
  onEdit: () => void;
  onDelete: () => void;
  children?: ReactNode;
}

/** One rule or macro in an admin list: its name (as text), a summary and its buttons. */
export function RuleCard({ name, summary, order, enabled, onEdit, onDelete }: Props) {
  const { t } = useI18n();
  return (
    <li className="admin-card admin-item">
      {order ? (
        <div className="sla-order">
          <button
            type="button"
            className="button small"
            disabled={order.index === 0}
            aria-label={t('automations.moveUp', { name })}
            onClick={() => order.onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="button small"
            disabled={order.index === order.count - 1}
            aria-label={t('automations.moveDown', { name })}
            onClick={() => order.onMove(1)}
          >
            ↓
          </button>
        </div>
      ) : null}
      <div className="admin-item-main">
        <h3 className="admin-item-title">
          {order ? `${order.index + 1}. ` : null}
          <span data-user-content>{name}</span>{' '}
          {enabled && !enabled.value ? (
            <span className="automation-off">{t('automations.disabled')}</span>
          ) : null}
        </h3>
        <p className="muted">{summary}</p>
      </div>
      <div className="admin-row-actions">
        {enabled ? (
          <button type="button" className="button small" onClick={enabled.onToggle}>
            {enabled.value ? t('automations.disable') : t('automations.enable')}
          </button>
        ) : null}
        <button
          type="button"
          className="button small"
          aria-label={t('admin.editName', { name })}
          onClick={onEdit}
        >
          {t('admin.edit')}
        </button>
        <button
          type="button"
          className="button small button-danger-ghost"
          aria-label={t('admin.deleteName', { name })}
          onClick={onDelete}
        >
          {t('admin.delete')}
        </button>
      </div>
    </li>
  );
}
