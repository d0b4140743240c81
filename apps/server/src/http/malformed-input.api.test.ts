import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../server.ts';
import { databaseKinds } from '../test/databases.ts';
import { as, startTestKefu } from '../test/harness.ts';
import {
  type WorkspaceFixture,
  buildWorkspaceFixture,
  sampleBody,
  urlFor,
} from '../test/route-fixtures.ts';
import type { AnyRoute } from './route.ts';
import { apiRoutes } from './routes.ts';

const jsonRoutes = apiRoutes.filter((r) => r.body && !r.rawBody);

function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function wrongTypeOf(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number' || typeof value === 'boolean') return 'not-a-number-or-boolean';
  if (Array.isArray(value)) return { not: 'an array' };
  if (value && typeof value === 'object') return 'not an object';
  return ['unexpected'];
}

/** Bodies that must never be accepted: wrong types, missing fields, huge strings, deep nesting,
 * unknown (mass-assignment) fields, and JSON that is not an object. */
function badBodies(valid: Record<string, unknown>): [string, unknown][] {
  const variants: [string, unknown][] = [];
  for (const [key, value] of Object.entries(valid)) {
    variants.push([`${key} with a wrong type`, { ...valid, [key]: wrongTypeOf(value) }]);
    if (typeof value === 'string')
      variants.push([`${key} huge`, { ...valid, [key]: 'x'.repeat(600_000) }]);
    variants.push([`${key} deeply nested`, { ...valid, [key]: deeplyNested(2000) }]);
  }
  for (const field of ['workspaceId', 'workspace_id', 'role', 'ownerId', 'id', 'isAdmin']) {
    variants.push([
      `unknown field ${field}`,
      { ...valid, [field]: field === 'role' ? 'owner' : '00000000-0000-7000-8000-000000000000' },
    ]);
  }
  variants.push(
    ['an array', [valid]],
    ['a string', 'hello'],
    ['null', null],
    ['deep body', deeplyNested(2000)],
  );
  return variants;
}

async function countRows(kefu: Kefu): Promise<Record<string, number>> {
  // Analytics facts are derived state the worker refreshes in the background, not writes.
  const tables = await sql<{
    tablename: string;
  }>`select tablename from pg_tables where schemaname = 'public'
    and tablename not in ('schema_migrations', 'analytics_dirty', 'conversation_facts')`.execute(
    kefu.database.db,
  );
  const counts: Record<string, number> = {};
  for (const { tablename } of tables.rows) {
    const result = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(tablename)}`.execute(kefu.database.db);
    counts[tablename] = result.rows[0]!.n;
  }
  return counts;
}

describe.each(databaseKinds)('malformed input on %s', (kind) => {
  let kefu: Kefu;
  let fixture: WorkspaceFixture;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    fixture = await buildWorkspaceFixture(kefu, 'Sweep');
  });
  afterAll(() => kefu.close());

  const send = (route: AnyRoute, payload: string, contentType = 'application/json') =>
    kefu.app.inject({
      method: route.method,
      url: urlFor(route, fixture),
      payload,
      headers: { ...as(fixture.who).headers, 'content-type': contentType },
    });

  it.each(jsonRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s refuses bad bodies with a 4xx and writes nothing',
    async (_name, route) => {
      const before = await countRows(kefu);
      const valid = sampleBody(route, fixture) as Record<string, unknown>;
      const failures: string[] = [];
      for (const [label, body] of badBodies(valid)) {
        // A variant the schema accepts (an optional field that happens to exist) is not malformed.
        if (route.body!.safeParse(body).success) continue;
        const response = await send(route, JSON.stringify(body));
        if (response.statusCode < 400 || response.statusCode >= 500)
          failures.push(`${label}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        else
          expect(
            response.json<{ error: { code: string; message: string } }>().error.message.length,
          ).toBeGreaterThan(0);
      }
      for (const [label, payload, type] of [
        ['invalid JSON', '{"a": ', 'application/json'],
        [
          'a 2 MB body',
          JSON.stringify({ ...valid, padding: 'x'.repeat(2_000_000) }),
          'application/json',
        ],
        ['text/plain', 'hello', 'text/plain'],
        ['prototype pollution', '{"__proto__": {"isAdmin": true}}', 'application/json'],
      ] as const) {
        const response = await send(route, payload, type);
        if (response.statusCode < 400 || response.statusCode >= 500)
          failures.push(`${label}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
      if (route.access !== 'public' && !route.path.includes('/auth/')) {
        // An empty object is malformed only where the schema needs something.
        if (!route.body!.safeParse({}).success) {
          const missing = await send(route, '{}');
          if (missing.statusCode < 400 || missing.statusCode >= 500)
            failures.push(`empty body: ${missing.statusCode}`);
        }
      }
      expect(failures).toEqual([]);
      expect(await countRows(kefu)).toEqual(before);
    },
  );

  it('refuses malformed ids, cursors and query values with 400', async () => {
    for (const url of [
      '/api/v1/conversations/not-a-uuid',
      '/api/v1/conversations?cursor=%%%',
      '/api/v1/conversations?cursor=eyJhIjoxfQ',
      '/api/v1/conversations?limit=100000',
      '/api/v1/conversations?createdAfter=yesterday',
      `/api/v1/conversations?q=${'x'.repeat(500)}`,
      '/api/v1/customers?unknown=1',
    ]) {
      const response = await kefu.app.inject({ method: 'GET', url, ...as(fixture.who) });
      expect(response.statusCode, url).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    }
  });
});
