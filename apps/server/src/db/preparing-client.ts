import pg from 'pg';

/** Statements one connection prepares at most; past that, queries go unprepared. */
const maxPrepared = 500;
/** Longer texts are rare, one-off statements (migrations, bulk lists) not worth preparing. */
const maxPreparedLength = 8_000;

/**
 * A pg client that sends each parameterised statement as a named prepared statement the first
 * time and only binds it afterwards. PostgreSQL then skips parsing and planning on every later
 * execution: about half its CPU per simple statement on the benchmark machine, and a smaller
 * message from Node (docs/PERFORMANCE.md, inbound email). Kysely passes `(text, values)`, so the
 * text itself is the cache key, and each connection numbers its own statements.
 *
 * A running node that outlives a migration changing a table's columns gets one "cached plan
 * must not change result type" error per prepared `select *` of that table: the statement is
 * then forgotten on this connection and prepared afresh on its next use.
 */
export class PreparingClient extends pg.Client {
  private readonly names = new Map<string, string>();
  private generation = 0;

  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    if (
      typeof text === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      typeof callback !== 'function' &&
      text.length <= maxPreparedLength
    ) {
      const name = this.nameFor(text);
      if (name) {
        const result = super.query({ name, text, values }) as Promise<pg.QueryResult>;
        return result.catch((error: unknown) => {
          if (isStalePlan(error)) this.forget(text);
          throw error;
        }) as never;
      }
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }

  private nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known || this.names.size >= maxPrepared) return known;
    const name = `kefu_${this.generation}_${this.names.size}`;
    this.names.set(text, name);
    return name;
  }

  /** A new name makes pg parse the text again; the old server-side statement is left unused. */
  private forget(text: string) {
    this.names.delete(text);
    this.generation += 1;
  }
}

const isStalePlan = (error: unknown) =>
  error instanceof Error &&
  (error as { code?: string }).code === '0A000' &&
  /cached plan must not change result type/.test(error.message);
