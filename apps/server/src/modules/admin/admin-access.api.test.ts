import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRoute } from '../../http/route.ts';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import {
  addMember,
  auditActions,
  bearer,
  createApiToken,
  invite,
  uniqueEmail,
} from '../../test/members.ts';
import { adminRoutes } from './admin.routes.ts';

/** Every route that changes or reveals administration, with a valid body for each. */
const adminOnly: Record<string, unknown> = {
  'PATCH /api/v1/workspace': { name: 'Taken over' },
  'PATCH /api/v1/agents/:id': { role: 'agent' },
  'POST /api/v1/invitations': { email: 'intruder@example.com', role: 'admin' },
  'GET /api/v1/invitations': undefined,
  'DELETE /api/v1/invitations/:id': undefined,
  'POST /api/v1/teams': { name: 'Intruders' },
  'PATCH /api/v1/teams/:id': { name: 'Renamed' },
  'DELETE /api/v1/teams/:id': undefined,
  'POST /api/v1/tags': { name: 'intruder' },
  'PATCH /api/v1/tags/:id': { name: 'renamed' },
  'DELETE /api/v1/tags/:id': undefined,
  'POST /api/v1/custom-fields': { entity: 'customer', key: 'x', label: 'X', type: 'text' },
  'PATCH /api/v1/custom-fields/:id': { label: 'Renamed' },
  'DELETE /api/v1/custom-fields/:id': undefined,
  'GET /api/v1/api-tokens': undefined,
  'POST /api/v1/api-tokens': { name: 'backdoor', scopes: ['admin'] },
  'DELETE /api/v1/api-tokens/:id': undefined,
  'GET /api/v1/audit-log': undefined,
};
const routeName = (route: AnyRoute) => `${route.method} ${route.path}`;
const restricted = adminRoutes.filter((r) => r.access === 'admin' || r.access === 'session');

interface Resources {
  team: string;
  tag: string;
  customField: string;
  apiToken: string;
  invitation: string;
  agent: string;
}

const ids = (resources: Resources): Record<string, string> => ({
  teams: resources.team,
  tags: resources.tag,
  'custom-fields': resources.customField,
  'api-tokens': resources.apiToken,
  invitations: resources.invitation,
  agents: resources.agent,
});

/** The route's URL with its `:id` filled from the resource the path names. */
function urlOf(route: AnyRoute, resources: Resources): string {
  const resource = route.path.split('/').at(-2) ?? '';
  return route.path.replace(':id', ids(resources)[resource] ?? 'missing');
}

describe.each(databaseKinds)('administration access on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let resources: Resources;

  const post = async (url: string, payload: unknown, who: SignedIn) => {
    const response = await kefu.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      ...as(who),
    });
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`);
    return response.json<{ id: string }>().id;
  };

  async function createResources(who: SignedIn): Promise<Resources> {
    return {
      team: await post('/api/v1/teams', { name: 'Support' }, who),
      tag: await post('/api/v1/tags', { name: 'vip' }, who),
      customField: await post(
        '/api/v1/custom-fields',
        { entity: 'conversation', key: 'order_id', label: 'Order', type: 'text' },
        who,
      ),
      apiToken: (await createApiToken(kefu.app, who, ['conversations:read'])).id,
      invitation: (await invite(kefu.app, who, { email: uniqueEmail('pending') })).id,
      agent: who.userId,
    };
  }

  /** Everything an admin can see, to prove that refused requests changed nothing. */
  async function snapshot(who: SignedIn) {
    const reads = [
      '/api/v1/workspace',
      '/api/v1/agents',
      '/api/v1/invitations',
      '/api/v1/teams',
      '/api/v1/tags',
      '/api/v1/custom-fields',
      '/api/v1/api-tokens',
      '/api/v1/audit-log?limit=100',
    ];
    const bodies: string[] = [];
    for (const url of reads)
      bodies.push((await kefu.app.inject({ method: 'GET', url, ...as(who) })).body);
    return bodies;
  }

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Access');
    resources = await createResources(owner);
  });
  afterAll(() => kefu.close());

  it('covers every administration route and no other', () => {
    expect(restricted.map(routeName).sort()).toEqual(Object.keys(adminOnly).sort());
    const apiTokenCreation = restricted.find((r) => routeName(r) === 'POST /api/v1/api-tokens');
    expect(apiTokenCreation?.access).toBe('session');
  });

  it.each(['agent', 'supervisor'] as const)(
    'answers 403 to a signed-in %s on every administration route',
    async (role) => {
      const member = await addMember(kefu.app, owner, role);
      const before = await snapshot(owner);
      for (const route of restricted) {
        const body = adminOnly[routeName(route)];
        const response = await kefu.app.inject({
          method: route.method,
          url: urlOf(route, { ...resources, agent: member.userId }),
          ...(body === undefined ? {} : { payload: body as object }),
          ...as(member),
        });
        expect(response.statusCode, routeName(route)).toBe(403);
        expect(response.json().error.code, routeName(route)).toBe('forbidden');
      }
      expect(await snapshot(owner)).toEqual(before);
    },
  );

  it('answers 403 to a token with every scope but admin', async () => {
    const { token } = await createApiToken(kefu.app, owner, [
      'conversations:read',
      'conversations:write',
      'customers:read',
      'customers:write',
    ]);
    // Its first use stamps lastUsedAt; do that before the snapshot.
    const warm = await kefu.app.inject({ method: 'GET', url: '/api/v1/tags', ...bearer(token) });
    expect(warm.statusCode).toBe(200);
    const before = await snapshot(owner);
    for (const route of restricted) {
      const body = adminOnly[routeName(route)];
      const response = await kefu.app.inject({
        method: route.method,
        url: urlOf(route, resources),
        ...(body === undefined ? {} : { payload: body as object }),
        ...bearer(token),
      });
      expect(response.statusCode, routeName(route)).toBe(403);
    }
    expect(await snapshot(owner)).toEqual(before);
  });

  it('refuses cookie-authenticated changes without the CSRF header', async () => {
    const before = await auditActions(kefu.app, owner);
    const response = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      payload: { name: 'Forged' },
      headers: { cookie: owner.cookie },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf_failed');
    expect(await auditActions(kefu.app, owner)).toEqual(before);
  });

  it("answers 404 to another workspace's owner for this workspace's ids", async () => {
    const other = await signUp(kefu.app, 'Other');
    const theirs = await createResources(other);
    const before = await snapshot(owner);
    const attempts: [method: 'GET' | 'PATCH' | 'DELETE', url: string, body?: unknown][] = [
      ['GET', `/api/v1/teams/${resources.team}`],
      ['PATCH', `/api/v1/teams/${resources.team}`, { name: 'Stolen' }],
      ['DELETE', `/api/v1/teams/${resources.team}`],
      ['PATCH', `/api/v1/tags/${resources.tag}`, { name: 'stolen' }],
      ['DELETE', `/api/v1/tags/${resources.tag}`],
      ['PATCH', `/api/v1/custom-fields/${resources.customField}`, { label: 'Stolen' }],
      ['DELETE', `/api/v1/custom-fields/${resources.customField}`],
      ['DELETE', `/api/v1/api-tokens/${resources.apiToken}`],
      ['DELETE', `/api/v1/invitations/${resources.invitation}`],
      ['GET', `/api/v1/agents/${owner.userId}`],
      ['PATCH', `/api/v1/agents/${owner.userId}`, { status: 'deactivated' }],
    ];
    for (const [method, url, body] of attempts) {
      const response = await kefu.app.inject({
        method,
        url,
        ...(body === undefined ? {} : { payload: body as object }),
        ...as(other),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    }
    // Their own lists show only their own things.
    const teams = await kefu.app.inject({ method: 'GET', url: '/api/v1/teams', ...as(other) });
    expect(teams.json().items.map((t: { id: string }) => t.id)).toEqual([theirs.team]);
    const agents = await kefu.app.inject({ method: 'GET', url: '/api/v1/agents', ...as(other) });
    expect(agents.json().items.map((a: { id: string }) => a.id)).toEqual([other.userId]);
    expect(await snapshot(owner)).toEqual(before);
  });
});
