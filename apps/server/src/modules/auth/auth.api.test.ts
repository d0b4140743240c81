import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { as, sessionFrom, startTestKefu } from '../../test/harness.ts';
import { maxLoginFailures } from './auth.service.ts';

describe.each(databaseKinds)('accounts and sessions on %s', (kind) => {
  let kefu: Kefu;
  beforeAll(async () => {
    kefu = await startTestKefu(kind);
  });
  afterAll(() => kefu.close());

  const signup = (email: string, password = 'correct horse battery') =>
    kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { workspaceName: 'Shop 小店', name: 'Owner', email, password },
    });
  const login = (email: string, password: string, remoteAddress = '10.0.0.1') =>
    kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress,
    });

  it('signs up an owner with a secure session cookie', async () => {
    const response = await signup('first@example.com');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      role: 'owner',
      workspace: { name: 'Shop 小店' },
      user: { email: 'first@example.com' },
    });
    const cookie = response.headers['set-cookie'] as string;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const again = await signup('FIRST@example.com');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'already_exists', field: 'email' });
    const weak = await signup('weak@example.com', 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.field).toBe('password');
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    await signup('known@example.com');
    const wrong = await login('known@example.com', 'not the password');
    const unknown = await login('unknown@example.com', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect((await login('Known@Example.com', 'correct horse battery')).statusCode).toBe(200);
  });

  it('refuses changes without the CSRF header, and accepts them with it', async () => {
    const owner = sessionFrom(await signup('csrf@example.com'));
    const payload = {
      customer: { identity: { kind: 'email', value: 'c@example.com' } },
      message: { body: 'hi' },
    };
    const without = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload,
      headers: { cookie: owner.cookie },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const wrong = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload,
      headers: { cookie: owner.cookie, 'x-csrf-token': 'guess' },
    });
    expect(wrong.statusCode).toBe(403);
    const right = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload,
      ...as(owner),
    });
    expect(right.statusCode).toBe(201);
    const list = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/conversations',
      headers: { cookie: owner.cookie },
    });
    expect(list.statusCode).toBe(200);
  });

  it('logs out by revoking the session', async () => {
    const owner = sessionFrom(await signup('logout@example.com'));
    expect(
      (await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/session', ...as(owner) }))
        .statusCode,
    ).toBe(200);
    expect(
      (await kefu.app.inject({ method: 'POST', url: '/api/v1/auth/logout', ...as(owner) }))
        .statusCode,
    ).toBe(204);
    const after = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      ...as(owner),
    });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
  });

  it('changes the password, keeping this session and ending the others', async () => {
    const first = sessionFrom(await signup('change@example.com'));
    const second = sessionFrom(await login('change@example.com', 'correct horse battery'));
    const bad = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'nope', newPassword: 'a brand new password' },
      ...as(first),
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.field).toBe('currentPassword');
    const ok = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'correct horse battery', newPassword: 'a brand new password' },
      ...as(first),
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/session', ...as(first) }))
        .statusCode,
    ).toBe(200);
    expect(
      (await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/session', ...as(second) }))
        .statusCode,
    ).toBe(401);
    expect((await login('change@example.com', 'correct horse battery')).statusCode).toBe(401);
    expect((await login('change@example.com', 'a brand new password')).statusCode).toBe(200);
  });

  it('lists sessions and revokes one', async () => {
    const first = sessionFrom(await signup('sessions@example.com'));
    const second = sessionFrom(await login('sessions@example.com', 'correct horse battery'));
    const list = (
      await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', ...as(first) })
    ).json().items as { id: string; current: boolean }[];
    expect(list).toHaveLength(2);
    const other = list.find((s) => !s.current)!;
    expect(
      (
        await kefu.app.inject({
          method: 'DELETE',
          url: `/api/v1/auth/sessions/${other.id}`,
          ...as(first),
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/session', ...as(second) }))
        .statusCode,
    ).toBe(401);
  });

  it(`throttles an account after ${maxLoginFailures} failures an hour, whether it exists or not`, async () => {
    await signup('target@example.com');
    for (let i = 0; i < maxLoginFailures; i++) {
      // Spread over addresses so that only the per-account limit applies.
      const response = await login(
        i % 2 ? 'target@example.com' : 'TARGET@example.com',
        `wrong ${i}`,
        `10.1.${Math.floor(i / 250)}.${i % 250}`,
      );
      expect(response.statusCode).toBe(401);
    }
    const blocked = await login('target@example.com', 'correct horse battery', '10.9.9.9');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    for (let i = 0; i < maxLoginFailures; i++)
      await login('ghost@example.com', `wrong ${i}`, `10.2.${Math.floor(i / 250)}.${i % 250}`);
    const ghost = await login('ghost@example.com', 'anything at all', '10.9.9.10');
    expect(ghost.statusCode).toBe(429);
    expect(ghost.json().error.message).toBe(blocked.json().error.message);
    // Another account from a fresh address is unaffected.
    await signup('bystander@example.com');
    expect(
      (await login('bystander@example.com', 'correct horse battery', '10.9.9.11')).statusCode,
    ).toBe(200);
  });

  it(`throttles an address after ${maxLoginFailures} failures an hour across accounts`, async () => {
    await signup('victim@example.com');
    for (let i = 0; i < maxLoginFailures; i++)
      await login(`spray${i}@example.com`, 'password123', '192.0.2.7');
    const blocked = await login('victim@example.com', 'correct horse battery', '192.0.2.7');
    expect(blocked.statusCode).toBe(429);
    expect(
      (await login('victim@example.com', 'correct horse battery', '192.0.2.8')).statusCode,
    ).toBe(200);
  });
});
