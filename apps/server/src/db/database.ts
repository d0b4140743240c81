import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import { PreparingClient } from './preparing-client.ts';
import type { DB } from './schema.ts';

export type DatabaseConfig =
  { kind: 'pglite'; dir: string | null } | { kind: 'postgres'; url: string; poolSize: number };

export interface Database {
  db: Kysely<DB>;
  /**
   * A connection of its own for short work that requests wait on (numbering realtime events),
   * so it never queues behind requests for a pooled connection. PGlite has one connection.
   */
  priority: Kysely<DB>;
  kind: DatabaseConfig['kind'];
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// PostgreSQL's int8 (counts, positions) would arrive as strings; Kefu's counters stay well
// inside 2^53, so parse them as numbers on both drivers.
pg.types.setTypeParser(20, (value) => Number(value));

/**
 * Opens the embedded PGlite database (in a directory, or in memory when `dir` is null) or a
 * PostgreSQL pool. Both speak the same SQL, so everything above this file is the same.
 *
 * An idle pooled connection can be closed by the server (a restart, a DBA, a dropped
 * database); the pool then drops it and opens another on demand. `onIdleError` hears of it,
 * which also keeps the error from being unhandled and ending the process.
 */
export async function openDatabase(
  config: DatabaseConfig,
  onIdleError: (error: Error) => void = () => {},
): Promise<Database> {
  if (config.kind === 'postgres') {
    const openPool = (max: number) =>
      new pg.Pool({
        connectionString: config.url,
        max,
        // A runaway query fails after 30 s instead of holding a connection and the pool hostage.
        options: '-c statement_timeout=30000',
        Client: PreparingClient,
      }).on('error', onIdleError);
    const db = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: openPool(config.poolSize) }),
    });
    const priority = new Kysely<DB>({ dialect: new PostgresDialect({ pool: openPool(1) }) });
    return wrap(db, 'postgres', () => priority.destroy(), priority);
  }
  if (config.dir) await fs.mkdir(config.dir, { recursive: true });
  const pglite = await PGlite.create(config.dir ?? undefined, {
    parsers: { 20: (value: string) => Number(value) },
  });
  return wrapPGlite(pglite);
}

/** Opens PGlite from a data-directory dump (a migrated template), which skips initdb. */
export async function openPGliteFromDump(dump: Blob): Promise<Database> {
  const pglite = await PGlite.create({
    loadDataDir: dump,
    parsers: { 20: (value: string) => Number(value) },
  });
  return wrapPGlite(pglite);
}

/** Dumps a PGlite database's data directory, to be loaded by `openPGliteFromDump`. */
export async function dumpPGlite(database: Database): Promise<Blob> {
  const pglite = pgliteOf.get(database);
  if (!pglite) throw new Error('Not a PGlite database');
  return pglite.dumpDataDir('none');
}

const pgliteOf = new WeakMap<Database, PGlite>();

function wrapPGlite(pglite: PGlite): Database {
  const database = wrap(new Kysely<DB>({ dialect: new PGliteDialect(pglite) }), 'pglite', () =>
    pglite.close(),
  );
  pgliteOf.set(database, pglite);
  return database;
}

function wrap(
  db: Kysely<DB>,
  kind: DatabaseConfig['kind'],
  closeExtra?: () => Promise<void>,
  priority: Kysely<DB> = db,
): Database {
  const database: Database = {
    db,
    priority,
    kind,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await db.destroy();
      await closeExtra?.();
    },
  };
  return database;
}
