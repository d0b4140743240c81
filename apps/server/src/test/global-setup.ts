import fs from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { dumpPGlite, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import type { DB } from '../db/schema.ts';
import { pgliteTemplatePath, postgresTemplateName } from './databases.ts';

/**
 * Runs once before all suites: migrates a PGlite database and dumps it as a template that each
 * suite loads in well under a second; with TEST_DATABASE_URL, builds a migrated PostgreSQL
 * template database that each suite clones.
 */
export default async function setup() {
  const pglite = await openDatabase({ kind: 'pglite', dir: null });
  await migrate(pglite.db);
  const dump = await dumpPGlite(pglite);
  await fs.mkdir(path.dirname(pgliteTemplatePath), { recursive: true });
  await fs.writeFile(pgliteTemplatePath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();

  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    });
    const stale = await sql<{
      datname: string;
    }>`select datname from pg_database where datname like 'kefu_t_%' or datname = ${postgresTemplateName}`.execute(
      admin,
    );
    for (const row of stale.rows)
      await sql.raw(`drop database if exists "${row.datname}" with (force)`).execute(admin);
    await sql.raw(`create database "${postgresTemplateName}"`).execute(admin);
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${postgresTemplateName}`;
    const template = await openDatabase({
      kind: 'postgres',
      url: templateUrl.toString(),
      poolSize: 1,
    });
    await migrate(template.db);
    await template.close();
    await admin.destroy();
  }
}
