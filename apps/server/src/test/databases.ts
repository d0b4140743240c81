import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase, openPGliteFromDump } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Set by the global setup so that concurrent test runs on one machine never share databases. */
const runId = () => process.env.KEFU_TEST_RUN ?? 'local';
export const pgliteTemplatePath = () => path.join(root, '.tmp', `pglite-template-${runId()}.tar`);
export const postgresTemplateName = () => `kefu_tpl_${runId()}`;
export const postgresSuitePrefix = () => `kefu_t_${runId()}_`;

export type DatabaseKind = 'pglite' | 'postgres';

/** The databases every database suite runs on: PGlite always, PostgreSQL when configured. */
export const databaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

/** A fresh, migrated database of the given kind, private to the calling suite. */
export async function freshDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') {
    const dump = await fs.readFile(pgliteTemplatePath());
    return openPGliteFromDump(new Blob([dump]));
  }
  // Dropped by the global teardown, once every connection of the run has closed.
  return openDatabase({ kind: 'postgres', url: await freshPostgresUrl(), poolSize: 10 });
}

/**
 * The URL of a fresh, migrated PostgreSQL database (from the run's template), for tests that
 * start several Kefu nodes on one database. Dropped by the global teardown like the others.
 */
export async function freshPostgresUrl(): Promise<string> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('freshPostgresUrl needs TEST_DATABASE_URL');
  const name = `${postgresSuitePrefix()}${randomBytes(6).toString('hex')}`;
  const admin = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });
  await sql.raw(`create database "${name}" template "${postgresTemplateName()}"`).execute(admin);
  await admin.destroy();
  const suiteUrl = new URL(url);
  suiteUrl.pathname = `/${name}`;
  return suiteUrl.toString();
}
