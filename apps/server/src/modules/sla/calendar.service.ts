import type { z } from 'zod';
import type {
  BusinessCalendar,
  CreateCalendarBody,
  CreateHolidayBody,
  UpdateCalendarBody,
} from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import { canonicalTimeZone } from '../../lib/time-zone.ts';
import type { Repositories } from '../../repositories/index.ts';
import { recordChange } from '../admin/record-change.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { IcalError, parseIcalHolidays } from './ical-import.ts';
import { presentCalendar } from './sla.presenter.ts';

const nameTaken = () =>
  new AppError('already_exists', 'name: a calendar with this name already exists', {
    field: 'name',
  });

/** Business calendars: opening hours per weekday, holidays, and iCal import. */
export class CalendarService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor): Promise<BusinessCalendar[]> {
    return this.deps.uow.read(async (repos) => {
      const rows = await repos.sla.listCalendars(actor.workspaceId);
      const holidays = await repos.sla.listHolidays(
        actor.workspaceId,
        rows.map((r) => r.id),
      );
      return rows.map((row) => presentCalendar(row, holidays));
    });
  }

  async get(actor: Actor, id: string): Promise<BusinessCalendar> {
    return this.deps.uow.read((repos) => this.load(repos, actor.workspaceId, id));
  }

  private async load(repos: Repositories, workspaceId: string, id: string) {
    const row = await repos.sla.findCalendar(workspaceId, id);
    if (!row) throw notFound('Calendar');
    return presentCalendar(row, await repos.sla.listHolidays(workspaceId, [id]));
  }

  async create(actor: Actor, input: z.output<typeof CreateCalendarBody>) {
    const timezone = canonicalTimeZone(input.timezone);
    return this.deps.uow.transaction(async ({ repos }) => {
      const now = this.deps.clock.now();
      const row = await repos.sla.insertCalendar({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        name: input.name,
        timezone,
        intervals: input.intervals,
        at: now,
      });
      if (!row) throw nameTaken();
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'calendar.created',
        targetType: 'calendar',
        targetId: row.id,
        data: { name: row.name, timezone },
      });
      return presentCalendar(row, []);
    });
  }

  async update(actor: Actor, id: string, input: z.output<typeof UpdateCalendarBody>) {
    const timezone = input.timezone === undefined ? undefined : canonicalTimeZone(input.timezone);
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      if (!(await repos.sla.findCalendar(ws, id))) throw notFound('Calendar');
      const now = this.deps.clock.now();
      const result = await repos.sla.updateCalendar(ws, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(timezone !== undefined ? { timezone } : {}),
        ...(input.intervals !== undefined ? { intervals: input.intervals } : {}),
        at: now,
      });
      if (result === 'taken') throw nameTaken();
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'calendar.updated',
        targetType: 'calendar',
        targetId: id,
        data: { ...input },
      });
      return this.load(repos, ws, id);
    });
  }

  /** Policies that used the calendar count calendar time from their next selection. */
  async remove(actor: Actor, id: string) {
    await this.deps.uow.transaction(async ({ repos }) => {
      if (!(await repos.sla.deleteCalendar(actor.workspaceId, id))) throw notFound('Calendar');
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'calendar.deleted',
        targetType: 'calendar',
        targetId: id,
      });
    });
  }

  async addHoliday(actor: Actor, calendarId: string, input: z.output<typeof CreateHolidayBody>) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      if (!(await repos.sla.findCalendar(ws, calendarId))) throw notFound('Calendar');
      const now = this.deps.clock.now();
      await repos.sla.insertHolidays([
        {
          id: this.deps.ids(),
          workspaceId: ws,
          calendarId,
          name: input.name,
          startDate: input.startDate,
          endDate: input.endDate ?? input.startDate,
          startMinute: input.startMinute ?? null,
          endMinute: input.endMinute ?? null,
          yearly: input.yearly,
          sourceUid: null,
          at: now,
        },
      ]);
      return this.load(repos, ws, calendarId);
    });
  }

  async removeHoliday(actor: Actor, calendarId: string, holidayId: string) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      if (!(await repos.sla.deleteHoliday(ws, calendarId, holidayId))) throw notFound('Holiday');
      return this.load(repos, ws, calendarId);
    });
  }

  /** Imports an iCal file's events as holidays; events imported before (same UID) are skipped. */
  async importIcal(actor: Actor, calendarId: string, ics: string) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      const calendar = await repos.sla.findCalendar(ws, calendarId);
      if (!calendar) throw notFound('Calendar');
      const now = this.deps.clock.now();
      let parsed;
      try {
        parsed = parseIcalHolidays(ics, calendar.timezone, now);
      } catch (error) {
        if (!(error instanceof IcalError)) throw error;
        throw new AppError('validation_failed', `ics: ${error.message}`, { field: 'ics' });
      }
      const unique = [...new Map(parsed.map((h) => [h.uid.slice(0, 500), h])).values()];
      const imported = await repos.sla.insertHolidays(
        unique.map((h) => ({
          id: this.deps.ids(),
          workspaceId: ws,
          calendarId,
          name: h.name,
          startDate: h.startDate,
          endDate: h.endDate,
          startMinute: h.startMinute,
          endMinute: h.endMinute,
          yearly: h.yearly,
          sourceUid: h.uid.slice(0, 500),
          at: now,
        })),
      );
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'calendar.imported',
        targetType: 'calendar',
        targetId: calendarId,
        data: { imported, skipped: parsed.length - imported },
      });
      return {
        imported,
        skipped: parsed.length - imported,
        calendar: await this.load(repos, ws, calendarId),
      };
    });
  }
}
