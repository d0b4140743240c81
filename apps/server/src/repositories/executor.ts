import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** A connection or a transaction: repositories run the same SQL on either. */
export type Executor = Kysely<DB>;

/** jsonb values are written as JSON text so arrays are never mistaken for SQL arrays. */
export const json = (value: unknown): string => JSON.stringify(value ?? {});

/**
 * Whether a database error is a unique-constraint violation (SQLSTATE 23505), which both
 * PostgreSQL and PGlite report in `code`. Repositories turn it into "taken" results so a race
 * between two writers becomes a 409, never a 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}
