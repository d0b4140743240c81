import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, createApiToken, signUp, startTestKefu } from '../../test/harness.ts';
import { addMember, bearer, login, memberPassword } from '../../test/members.ts';

describe.each(databaseKinds)('user preferences on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Prefs');
  });
  afterAll(() => kefu.close());

  const session = async (who: SignedIn) =>
    (await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/session', ...as(who) })).json<{
      user: { locale: string; timezone: string | null };
      workspace: { timezone: string };
    }>();
  const update = (who: SignedIn, payload: unknown) =>
    kefu.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/preferences',
      payload: payload as object,
      ...as(who),
    });

  it('starts with the sign-up language and the workspace’s time zone', async () => {
    const info = await session(owner);
    expect(info.user).toMatchObject({ locale: 'en', timezone: null });
    expect(info.workspace.timezone).toBe('UTC');
  });

  it('remembers language and time zone for the user and returns them in the session', async () => {
    const agent = await addMember(kefu.app, owner, 'agent');
    const changed = await update(agent, { locale: 'zh-CN', timezone: 'asia/shanghai' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({ locale: 'zh-CN', timezone: 'Asia/Shanghai' });
    expect((await session(agent)).user).toMatchObject({
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
    });

    // Kept across sign-ins, and only for this user.
    const again = await login(kefu.app, agent.email, memberPassword);
    expect(again.json().user).toMatchObject({ locale: 'zh-CN', timezone: 'Asia/Shanghai' });
    expect((await session(owner)).user).toMatchObject({ locale: 'en', timezone: null });

    const languageOnly = await update(agent, { locale: 'en' });
    expect(languageOnly.json()).toEqual({ locale: 'en', timezone: 'Asia/Shanghai' });
    const backToWorkspace = await update(agent, { timezone: null });
    expect(backToWorkspace.json()).toEqual({ locale: 'en', timezone: null });
    const read = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/me/preferences',
      ...as(agent),
    });
    expect(read.json()).toEqual({ locale: 'en', timezone: null });
  });

  it('refuses unknown languages, zones that are not IANA zones, and empty changes', async () => {
    for (const payload of [
      { locale: 'fr' },
      { timezone: '+08:00' },
      { timezone: 'Mars/Olympus_Mons' },
      {},
      { locale: 'en', userId: owner.userId },
    ]) {
      const response = await update(owner, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    expect((await session(owner)).user).toMatchObject({ locale: 'en', timezone: null });
  });

  it('needs a signed-in user with a CSRF token; API tokens have no preferences', async () => {
    const noCsrf = await kefu.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/preferences',
      payload: { locale: 'zh-CN' },
      headers: { cookie: owner.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');
    const token = await createApiToken(kefu, owner.workspaceId, ['admin']);
    const byToken = await kefu.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/preferences',
      payload: { locale: 'zh-CN' },
      ...bearer(token),
    });
    expect(byToken.statusCode).toBe(403);
    expect(byToken.json().error.code).toBe('forbidden');
    expect((await session(owner)).user.locale).toBe('en');
  });
});
