import { useState } from 'react';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { EmptyState, LoadState, PageHeader } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { CalendarEditor } from './CalendarEditor.tsx';
import { HolidayList } from './HolidayList.tsx';
import type { BusinessCalendar } from './types.ts';
import './sla.css';

/** Admin → Business hours: calendars with their time zone, opening hours and holidays. */
export function BusinessHoursSection() {
  const { t } = useI18n();
  const toast = useToast();
  const calendars = useLoad(() =>
    api.get<{ items: BusinessCalendar[] }>('/business-calendars').then((page) => page.items),
  );
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<BusinessCalendar | null>(null);
  const replace = (saved: BusinessCalendar) =>
    calendars.setData((list) => {
      const rest = (list ?? []).filter((item) => item.id !== saved.id);
      return list?.some((item) => item.id === saved.id)
        ? list.map((item) => (item.id === saved.id ? saved : item))
        : [...rest, saved];
    });

  return (
    <section className="admin-page" aria-labelledby="admin-business-hours">
      <PageHeader
        id="admin-business-hours"
        title={t('sla.hours.title')}
        description={t('sla.hours.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            <Icon name="plus" />
            {t('sla.calendar.new')}
          </button>
        }
      />
      {adding ? (
        <div className="admin-card sla-calendar-card">
          <CalendarEditor
            calendar={null}
            onCancel={() => setAdding(false)}
            onSaved={(saved) => {
              replace(saved);
              setAdding(false);
              toast.info(t('admin.saved'));
            }}
          />
        </div>
      ) : null}
      {!calendars.data ? (
        <LoadState error={calendars.error} onRetry={calendars.reload} />
      ) : calendars.data.length === 0 && !adding ? (
        <EmptyState text={t('sla.hours.empty')} />
      ) : (
        <ul className="admin-cards">
          {calendars.data.map((calendar) => (
            <li key={calendar.id} className="admin-card sla-calendar-card">
              <div className="admin-page-header">
                <h3 className="admin-item-title" data-user-content>
                  {calendar.name}
                </h3>
                <button
                  type="button"
                  className="button small button-danger-ghost"
                  aria-label={t('admin.deleteName', { name: calendar.name })}
                  onClick={() => setDeleting(calendar)}
                >
                  {t('admin.delete')}
                </button>
              </div>
              <CalendarEditor
                key={calendar.updatedAt}
                calendar={calendar}
                onSaved={(saved) => {
                  replace(saved);
                  toast.info(t('admin.saved'));
                }}
              />
              <HolidayList calendar={calendar} onChanged={replace} />
            </li>
          ))}
        </ul>
      )}
      {deleting ? (
        <ConfirmDialog
          title={t('sla.calendar.deleteTitle', { name: deleting.name })}
          confirmLabel={t('admin.delete')}
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/business-calendars/${deleting.id}`);
            calendars.setData((list) => list?.filter((item) => item.id !== deleting.id) ?? null);
            toast.info(t('admin.deleted'));
            setDeleting(null);
          }}
        >
          <p>{t('sla.calendar.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
