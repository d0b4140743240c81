import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

// `npm start` runs a bundle built elsewhere and names the directory; otherwise it is beside us.
const migrationsDir =
  process.env.KEFU_MIGRATIONS_DIR ??
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Applies the forward-only SQL migrations that have not run yet, each in its own transaction.
 * An advisory lock lets several nodes start at once against one PostgreSQL without racing.
 * Returns the names it applied.
 */
export async function migrate(db: Kysely<DB>): Promise<string[]> {
  const files = (await fs.readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7307001)`.execute(trx);
    await sql`create table if not exists schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`.execute(trx);
    const done = new Set(
      (await trx.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name),
    );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      const text = await fs.readFile(path.join(migrationsDir, file), 'utf8');
      await sql.raw(text).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: file }).execute();
      applied.push(file);
    }
    return applied;
  });
}
