import { expect } from 'vitest';
import type { Kefu } from '../../server.ts';
import { type SignedIn, as } from '../../test/harness.ts';
import { addMember } from '../../test/members.ts';

/** Requests and set-ups the routing suites share: teams, agents online, routing settings. */
export function routingHelpers(kefu: () => Kefu) {
  const call = async (
    who: SignedIn,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    expected = 200,
  ) => {
    const response = await kefu().app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      ...as(who),
    });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(expected);
    return response.json<Record<string, unknown>>();
  };

  /** A team of `size` new agents, online now, with the given routing settings. */
  const team = async (owner: SignedIn, size: number, routing: Record<string, unknown>) => {
    const agents: SignedIn[] = [];
    for (let i = 0; i < size; i += 1) agents.push(await addMember(kefu().app, owner));
    const created = await call(
      owner,
      'POST',
      '/api/v1/teams',
      {
        name: `Team ${Math.random().toString(36).slice(2, 8)}`,
        memberIds: agents.map((a) => a.userId),
      },
      201,
    );
    const id = created.id as string;
    await call(owner, 'PUT', `/api/v1/routing/teams/${id}`, routing);
    return { id, agents };
  };

  const online = (who: SignedIn) =>
    kefu().services.widget.availability.touch(who.workspaceId, who.userId);

  const conversation = (who: SignedIn, id: string) =>
    call(who, 'GET', `/api/v1/conversations/${id}`) as Promise<{
      assigneeId: string | null;
      teamId: string | null;
      status: string;
    }>;

  return { call, team, online, conversation };
}
