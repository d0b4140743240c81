import type { Actor } from '../modules/auth/actor.ts';
import type { Services } from '../services.ts';

const weekdays = [1, 2, 3, 4, 5];

/**
 * The demo's business hours (Shanghai, weekdays with a lunch break, Saturday mornings, two
 * yearly holidays) and two SLA policies, so the inbox shows live SLA badges from the start.
 */
export async function seedDemoSla(services: Services, owner: Actor) {
  const calendar = await services.calendars.create(owner, {
    name: '上海办公室 Shanghai office',
    timezone: 'Asia/Shanghai',
    intervals: [
      ...weekdays.map((weekday) => ({ weekday, start: '09:00', end: '12:00' })),
      ...weekdays.map((weekday) => ({ weekday, start: '13:00', end: '18:00' })),
      { weekday: 6, start: '10:00', end: '16:00' },
    ],
  });
  await services.calendars.addHoliday(owner, calendar.id, {
    name: '元旦 New Year',
    startDate: '2026-01-01',
    yearly: true,
  });
  await services.calendars.addHoliday(owner, calendar.id, {
    name: '国庆节 National Day',
    startDate: '2026-10-01',
    endDate: '2026-10-07',
    yearly: true,
  });
  const minutes = { urgent: 15, high: 30, normal: 60, low: 240 } as const;
  const firstReply = (factor: number, businessHours: boolean) =>
    Object.entries(minutes).map(([priority, value]) => ({
      metric: 'first_reply_time' as const,
      priority: priority as keyof typeof minutes,
      minutes: value * factor,
      businessHours,
    }));
  const actions = {
    warningMinutes: 10,
    warningActions: [{ type: 'notify' as const }],
    breachActions: [{ type: 'notify' as const }, { type: 'add_tag' as const, tag: 'sla-breached' }],
  };
  await services.slaPolicies.create(owner, {
    name: 'VIP 客户',
    enabled: true,
    calendarId: null,
    conditions: { tiers: ['vip'] },
    targets: firstReply(0.5, false),
    ...actions,
  });
  await services.slaPolicies.create(owner, {
    name: '标准 Standard',
    enabled: true,
    calendarId: calendar.id,
    conditions: {},
    targets: [
      ...firstReply(1, false),
      ...(['urgent', 'high', 'normal', 'low'] as const).flatMap((priority) => [
        { metric: 'next_reply_time' as const, priority, minutes: 120, businessHours: true },
        { metric: 'resolution_time' as const, priority, minutes: 3 * 540, businessHours: true },
      ]),
    ],
    ...actions,
  });
}
