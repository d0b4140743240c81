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
import { apiRoutes } from './routes.ts';

const withIds = apiRoutes.filter((r) => r.access !== 'public' && r.path.includes(':'));

/**
 * Every route, called with workspace B's credentials and workspace A's ids, answers 404: no
 * data crosses tenants and nothing reveals that A's ids exist. Generated from the route table,
 * so a new route is covered (or fails here until it has a fixture).
 */
describe.each(databaseKinds)('tenant isolation on %s', (kind) => {
  let kefu: Kefu;
  let a: WorkspaceFixture;
  let b: WorkspaceFixture;
  const snapshot = new Map<string, string>();

  const readAll = async () => {
    const result = new Map<string, string>();
    for (const route of withIds.filter((r) => r.method === 'GET')) {
      const response = await kefu.app.inject({
        method: 'GET',
        url: urlFor(route, a),
        ...as(a.who),
      });
      result.set(route.path, `${response.statusCode} ${response.body}`);
    }
    return result;
  };

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    a = await buildWorkspaceFixture(kefu, 'Alpha');
    b = await buildWorkspaceFixture(kefu, 'Beta');
    for (const [path, value] of await readAll()) snapshot.set(path, value);
  });
  afterAll(() => kefu.close());

  it.each(withIds.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s with another workspace’s id is 404',
    async (_name, route) => {
      const body = sampleBody(route, b);
      const response = await kefu.app.inject({
        method: route.method,
        url: urlFor(route, a),
        ...(body === undefined ? {} : { payload: body as object }),
        ...as(b.who),
      });
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('not_found');
    },
  );

  it('filters by another workspace’s ids find nothing', async () => {
    const filters = [
      `/api/v1/conversations?customerId=${a.ids.customer}`,
      `/api/v1/conversations?assigneeId=${a.ids.agent}`,
      ...(a.ids.team ? [`/api/v1/conversations?teamId=${a.ids.team}`] : []),
    ];
    for (const url of filters) {
      const response = await kefu.app.inject({ method: 'GET', url, ...as(b.who) });
      expect(response.statusCode).toBe(200);
      expect(response.json<{ items: unknown[] }>().items).toEqual([]);
    }
    const search = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/search?q=first',
      ...as(b.who),
    });
    expect(
      search
        .json<{ messages: { conversationId: string }[] }>()
        .messages.map((m) => m.conversationId),
    ).not.toContain(a.ids.conversation);
  });

  it('leaves workspace A exactly as it was', async () => {
    const after = await readAll();
    for (const [path, value] of snapshot) expect(after.get(path), path).toBe(value);
  });
});
