import type { z } from 'zod';
import type { Locale, UpdatePreferencesBody } from '@kefu/contracts';
import { notFound } from '../../lib/errors.ts';
import { canonicalTimeZone } from '../../lib/time-zone.ts';
import type { UserActor } from '../auth/auth.service.ts';
import type { ServiceDeps } from '../service-deps.ts';

type Preferences = { locale: z.infer<typeof Locale>; timezone: string | null };

const present = (row: { locale: string; timezone: string | null }): Preferences => ({
  locale: row.locale === 'zh-CN' ? 'zh-CN' : 'en',
  timezone: row.timezone,
});

/**
 * A user's own settings, the same in every workspace they belong to: the UI language and the
 * time zone dates are shown in (null: the workspace's).
 */
export class PreferenceService {
  constructor(private readonly deps: ServiceDeps) {}

  async get(actor: UserActor): Promise<Preferences> {
    const row = await this.deps.uow.read((repos) => repos.preferences.find(actor.userId));
    if (!row) throw notFound('User');
    return present(row);
  }

  async update(actor: UserActor, input: z.output<typeof UpdatePreferencesBody>) {
    const patch = {
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(input.timezone !== undefined
        ? { timezone: input.timezone === null ? null : canonicalTimeZone(input.timezone) }
        : {}),
    };
    const row = await this.deps.uow.transaction(({ repos }) =>
      repos.preferences.update(actor.userId, patch, this.deps.clock.now()),
    );
    return present(row);
  }
}
