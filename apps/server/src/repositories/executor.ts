import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** A connection or a transaction: repositories run the same SQL on either. */
export type Executor = Kysely<DB>;

/** jsonb values are written as JSON text so arrays are never mistaken for SQL arrays. */
export const json = (value: unknown): string => JSON.stringify(value ?? {});
