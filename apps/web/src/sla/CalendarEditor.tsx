import { type FormEvent, useState } from 'react';
import { FormError } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { api } from '../lib/api.ts';
import { type BusinessCalendar, type BusinessInterval, weekdayList } from './types.ts';

interface Props {
  calendar: BusinessCalendar | null;
  onSaved: (calendar: BusinessCalendar) => void;
  onCancel?: () => void;
}

const officeHours: BusinessInterval[] = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: '09:00',
  end: '18:00',
}));

/** A calendar's name, time zone and opening intervals (several per day allowed). */
export function CalendarEditor({ calendar, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const [name, setName] = useState(calendar?.name ?? '');
  const [timezone, setTimezone] = useState(
    calendar?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  const [intervals, setIntervals] = useState<BusinessInterval[]>(
    calendar?.intervals ?? officeHours,
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const change = (index: number, patch: Partial<BusinessInterval>) =>
    setIntervals((list) => list.map((item, i) => (i === index ? { ...item, ...patch } : item)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), timezone: timezone.trim(), intervals };
      onSaved(
        calendar
          ? await api.patch<BusinessCalendar>(`/business-calendars/${calendar.id}`, body)
          : await api.post<BusinessCalendar>('/business-calendars', body),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="sla-calendar-form">
      <div className="sla-row">
        <label>
          {t('sla.calendar.name')}{' '}
          <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('sla.calendar.timezone')}{' '}
          <input
            value={timezone}
            required
            maxLength={64}
            placeholder="Asia/Shanghai"
            onChange={(e) => setTimezone(e.target.value)}
          />
        </label>
      </div>
      <table className="sla-grid">
        <caption className="visually-hidden">{t('sla.calendar.intervals')}</caption>
        <tbody>
          {weekdayList.map((weekday) => {
            const rows = intervals
              .map((interval, index) => ({ interval, index }))
              .filter((row) => row.interval.weekday === weekday);
            const day = t(`sla.weekday.${weekday}` as MessageKey);
            return (
              <tr key={weekday}>
                <th scope="row">{day}</th>
                <td>
                  {rows.length === 0 ? (
                    <span className="muted">{t('sla.calendar.closed')}</span>
                  ) : null}
                  {rows.map(({ interval, index }) => (
                    <span key={index} className="sla-row">
                      <input
                        type="text"
                        pattern="([01]\d|2[0-3]):[0-5]\d"
                        size={5}
                        value={interval.start}
                        aria-label={t('sla.calendar.opens', { day })}
                        onChange={(e) => change(index, { start: e.target.value })}
                      />
                      –
                      <input
                        type="text"
                        pattern="([01]\d|2[0-3]):[0-5]\d|24:00"
                        value={interval.end}
                        size={5}
                        aria-label={t('sla.calendar.closes', { day })}
                        onChange={(e) => change(index, { end: e.target.value })}
                      />
                      <button
                        type="button"
                        className="button small button-danger-ghost"
                        aria-label={t('sla.calendar.removeInterval', { day })}
                        onClick={() => setIntervals((list) => list.filter((_, i) => i !== index))}
                      >
                        ×
                      </button>
                    </span>
                  ))}
                </td>
                <td>
                  <button
                    type="button"
                    className="button small"
                    aria-label={t('sla.calendar.addInterval', { day })}
                    onClick={() =>
                      setIntervals((list) => [...list, { weekday, start: '09:00', end: '18:00' }])
                    }
                  >
                    +
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FormError error={error} />
      <div className="sla-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {calendar ? t('admin.save') : t('sla.calendar.create')}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('sla.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
