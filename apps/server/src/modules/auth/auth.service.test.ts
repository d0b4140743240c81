import { describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { PasswordHasher } from '../../lib/password.ts';
import type { Repositories } from '../../repositories/index.ts';
import { AuthService, maxLoginFailures } from './auth.service.ts';

/** An in-memory stand-in for the few repository methods login uses. */
function fakeWorld() {
  const failures: { emailKey: string; ip: string; at: Date }[] = [];
  const sessions: { userId: string; workspaceId: string }[] = [];
  const users = new Map([
    ['ada@example.com', { id: 'user-1', password_hash: 'hash:right password' }],
  ]);
  const repos = {
    workspaces: {
      findUserByEmailKey: async (key: string) => users.get(key),
      listUserWorkspaces: async () => [{ id: 'ws-1', name: 'Acme', role: 'owner' }],
    },
    auth: {
      countLoginFailures: async (emailKey: string, ip: string, since: Date) => ({
        account: failures.filter((f) => f.emailKey === emailKey && f.at > since).length,
        address: failures.filter((f) => f.ip === ip && f.at > since).length,
      }),
      recordLoginFailure: async (row: { emailKey: string; ip: string; at: Date }) =>
        void failures.push(row),
      insertSession: async (row: { userId: string; workspaceId: string }) =>
        void sessions.push(row),
    },
  } as unknown as Repositories;
  const uow: UnitOfWork = {
    transaction: (work) => work({ repos, emit: async () => {} }),
    read: (work) => work(repos),
    recordWithEvent: () => Promise.reject(new Error('not used by the auth service')),
    settleEvents: async () => {},
  };
  return { uow, failures, sessions };
}

const hasher: PasswordHasher = {
  hash: async (password) => `hash:${password}`,
  verify: async (hash, password) => hash === `hash:${password}`,
};

function service(now: { value: Date }) {
  const world = fakeWorld();
  let n = 0;
  const auth = new AuthService({
    uow: world.uow,
    clock: { now: () => now.value },
    ids: () => `id-${++n}`,
    hasher,
    publicUrl: 'http://x',
  });
  return { auth, ...world };
}

describe('AuthService.login', () => {
  const meta = { ip: '198.51.100.1', userAgent: 'test' };

  it('starts a session for the right password and records nothing else', async () => {
    const { auth, sessions, failures } = service({ value: new Date('2026-11-23T10:00:00Z') });
    const session = await auth.login(
      { email: 'ADA@example.com', password: 'right password' },
      meta,
    );
    expect(session.workspaceId).toBe('ws-1');
    expect(sessions).toEqual([expect.objectContaining({ userId: 'user-1', workspaceId: 'ws-1' })]);
    expect(failures).toEqual([]);
  });

  it('blocks after the limit and lets the account in again once the hour has passed', async () => {
    const now = { value: new Date('2026-11-23T10:00:00Z') };
    const { auth } = service(now);
    for (let i = 0; i < maxLoginFailures; i++) {
      await expect(
        auth.login({ email: 'ada@example.com', password: 'wrong' }, meta),
      ).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
    await expect(
      auth.login({ email: 'ada@example.com', password: 'right password' }, meta),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    now.value = new Date('2026-11-23T11:00:01Z');
    await expect(
      auth.login({ email: 'ada@example.com', password: 'right password' }, meta),
    ).resolves.toMatchObject({ userId: 'user-1' });
  });
});
