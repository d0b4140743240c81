import { type FormEvent, useState } from 'react';
import { FormError } from '../admin/ui.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { useToast } from '../ui/Toaster.tsx';
import type { BusinessCalendar } from './types.ts';

const minutesText = (value: number | null) =>
  value === null
    ? ''
    : `${String(Math.floor(value / 60)).padStart(2, '0')}:${String(value % 60).padStart(2, '0')}`;

/** A calendar's holidays: add one (once or yearly), remove one, import an iCal file. */
export function HolidayList({
  calendar,
  onChanged,
}: {
  calendar: BusinessCalendar;
  onChanged: (calendar: BusinessCalendar) => void;
}) {
  const { t, format } = useI18n();
  const toast = useToast();
  const [name, setName] = useState('');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [yearly, setYearly] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      onChanged(
        await api.post<BusinessCalendar>(`/business-calendars/${calendar.id}/holidays`, {
          name: name.trim(),
          startDate,
          ...(endDate ? { endDate } : {}),
          yearly,
        }),
      );
      setName('');
      setStartDate('');
      setEndDate('');
      setYearly(false);
    } catch (failure) {
      setError(failure);
    }
  };

  const importFile = async (file: File) => {
    setError(null);
    try {
      const result = await api.post<{
        imported: number;
        skipped: number;
        calendar: BusinessCalendar;
      }>(`/business-calendars/${calendar.id}/ical`, { ics: await file.text() });
      onChanged(result.calendar);
      toast.info(
        t('sla.holidays.imported', { imported: result.imported, skipped: result.skipped }),
      );
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <fieldset className="sla-fieldset">
      <legend>{t('sla.holidays.title')}</legend>
      {calendar.holidays.length === 0 ? <p className="muted">{t('sla.holidays.empty')}</p> : null}
      <ul className="sla-holidays">
        {calendar.holidays.map((holiday) => (
          <li key={holiday.id}>
            <span data-user-content>{holiday.name}</span>
            <span className="muted">
              {holiday.startDate}
              {holiday.endDate !== holiday.startDate ? ` – ${holiday.endDate}` : ''}
              {holiday.startMinute !== null || holiday.endMinute !== null
                ? ` (${minutesText(holiday.startMinute) || '00:00'}–${minutesText(holiday.endMinute) || '24:00'})`
                : ''}
            </span>
            {holiday.yearly ? (
              <span className="sla-badge sla-paused">{t('sla.holidays.yearly')}</span>
            ) : null}
            {holiday.sourceUid ? (
              <span className="muted small">{t('sla.holidays.fromIcal')}</span>
            ) : null}
            <button
              type="button"
              className="button small button-danger-ghost"
              aria-label={t('admin.deleteName', { name: holiday.name })}
              onClick={() =>
                void api
                  .delete<BusinessCalendar>(
                    `/business-calendars/${calendar.id}/holidays/${holiday.id}`,
                  )
                  .then(onChanged, setError)
              }
            >
              {t('admin.delete')}
            </button>
          </li>
        ))}
      </ul>
      <form className="sla-row" onSubmit={(event) => void add(event)}>
        <input
          value={name}
          required
          maxLength={200}
          placeholder={t('sla.holidays.name')}
          aria-label={t('sla.holidays.name')}
          onChange={(e) => setName(e.target.value)}
        />
        <label>
          {t('sla.holidays.from')}{' '}
          <input
            type="date"
            required
            value={startDate}
            onChange={(e) => setStartDate(e.target.value)}
          />
        </label>
        <label>
          {t('sla.holidays.to')}{' '}
          <input
            type="date"
            value={endDate}
            min={startDate}
            onChange={(e) => setEndDate(e.target.value)}
          />
        </label>
        <label>
          <input type="checkbox" checked={yearly} onChange={(e) => setYearly(e.target.checked)} />{' '}
          {t('sla.holidays.everyYear')}
        </label>
        <button type="submit" className="button small">
          {t('sla.holidays.add')}
        </button>
      </form>
      <label className="sla-row">
        {t('sla.holidays.import')}{' '}
        <input
          type="file"
          accept=".ics,text/calendar"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importFile(file);
            e.target.value = '';
          }}
        />
      </label>
      <p className="muted small">
        {t('sla.holidays.importHint', { count: format.number(calendar.holidays.length) })}
      </p>
      <FormError error={error} />
    </fieldset>
  );
}
