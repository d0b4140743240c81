import type { Executor } from './executor.ts';

/** Each user's own settings (language and time zone), kept on the user row. */
export class PreferenceRepository {
  constructor(private readonly db: Executor) {}

  find(userId: string) {
    return this.db
      .selectFrom('users')
      .select(['locale', 'timezone'])
      .where('id', '=', userId)
      .executeTakeFirst();
  }

  update(userId: string, patch: { locale?: string; timezone?: string | null }, now: Date) {
    return this.db
      .updateTable('users')
      .set({ ...patch, updated_at: now })
      .where('id', '=', userId)
      .returning(['locale', 'timezone'])
      .executeTakeFirstOrThrow();
  }
}
