import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { dumpPGlite, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import type { DB } from '../db/schema.ts';
import { pgliteTemplatePath, postgresSuitePrefix, postgresTemplateName } from './databases.ts';

const adminDb = (url: string) =>
  new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });

/**
 * Runs once before all suites: migrates a PGlite database and dumps it as a template that each
 * suite loads in well under a second; with TEST_DATABASE_URL, builds a migrated PostgreSQL
 * template database that each suite clones. Names carry a run id so parallel runs never collide.
 */
export default async function setup() {
  process.env.KEFU_TEST_RUN = `${process.pid}${randomBytes(2).toString('hex')}`;
  const pglite = await openDatabase({ kind: 'pglite', dir: null });
  await migrate(pglite.db);
  const dump = await dumpPGlite(pglite);
  await fs.mkdir(path.dirname(pgliteTemplatePath()), { recursive: true });
  await fs.writeFile(pgliteTemplatePath(), Buffer.from(await dump.arrayBuffer()));
  await pglite.close();

  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = adminDb(url);
    await sql.raw(`create database "${postgresTemplateName()}"`).execute(admin);
    await admin.destroy();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${postgresTemplateName()}`;
    const template = await openDatabase({
      kind: 'postgres',
      url: templateUrl.toString(),
      poolSize: 1,
    });
    await migrate(template.db);
    await template.close();
  }

  return async function teardown() {
    await fs.rm(pgliteTemplatePath(), { force: true });
    if (!url) return;
    const admin = adminDb(url);
    const mine = await sql<{ datname: string }>`select datname from pg_database
      where datname = ${postgresTemplateName()} or starts_with(datname, ${postgresSuitePrefix()})`.execute(
      admin,
    );
    for (const row of mine.rows)
      await sql.raw(`drop database if exists "${row.datname}" with (force)`).execute(admin);
    await admin.destroy();
  };
}
