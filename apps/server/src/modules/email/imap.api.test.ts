import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapSettings, ImapState } from '../../db/schema-email.ts';
import { type UnitOfWork, createUnitOfWork } from '../../db/unit-of-work.ts';
import { systemClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { randomSecret } from '../../lib/secrets.ts';
import { createRepositories } from '../../repositories/index.ts';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { signUp, startTestKefu } from '../../test/harness.ts';
import { ImapPoller, type ImapPollerOptions, startImapPolling } from './imap-poller.ts';
import type { InboundMailService } from './inbound-mail.service.ts';

// A real Dovecot on loopback, started here (Debian's dovecot-imapd; .ci/run installs it).
const dovecotBinary = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';
const imapUser = 'kefu';
const imapPassword = 'imap secret 1';

interface Dovecot {
  port: number;
  dir: string;
  process: ChildProcess;
}
let dovecot: Dovecot;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves once the server sends its IMAP greeting. */
function greeting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('* OK')));
    socket.once('error', () => done(false));
  });
}

async function startDovecot(): Promise<Dovecot> {
  if (!existsSync(dovecotBinary)) {
    throw new Error(
      `Dovecot is missing (${dovecotBinary}): the IMAP tests need a real IMAP server. ` +
        'Install it with `apt-get install dovecot-imapd` (.ci/run does), or set DOVECOT_PATH.',
    );
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kefu-dovecot-'));
  // Dovecot's mail processes run as the mail user, who must reach the Maildir under here.
  await fs.chmod(dir, 0o755);
  for (const sub of ['run', 'state']) await fs.mkdir(path.join(dir, sub));
  await fs.mkdir(path.join(dir, 'mail'), { mode: 0o777 });
  await fs.chmod(path.join(dir, 'mail'), 0o777);
  await fs.writeFile(path.join(dir, 'users'), `${imapUser}:{PLAIN}${imapPassword}\n`);
  const port = await freePort();
  // As root, Dovecot drops to its own users (the package creates dovecot and dovenull; it
  // refuses uid 0 for mail); otherwise everything runs as the current user.
  const me = os.userInfo();
  const root = me.uid === 0;
  const internalUser = root ? 'dovecot' : me.username;
  const loginUser = root ? 'dovenull' : me.username;
  const mailUser = root ? 'uid=dovecot gid=dovecot' : `uid=${me.uid} gid=${me.gid}`;
  // Dovecot 2.3 syntax (Debian 12 ships 2.3.19).
  const config = `
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${internalUser}
default_login_user = ${loginUser}
first_valid_uid = 1
mail_location = maildir:~/Maildir
# A test server: no fsync per appended message.
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = ${mailUser} home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
  # No socket, no auth penalty: one failed login must not slow down every later login.
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
  await fs.writeFile(path.join(dir, 'dovecot.conf'), config);
  let output = '';
  const child = spawn(dovecotBinary, ['-F', '-c', path.join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const log = async () =>
    `${output}\n${await fs.readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '')}`;
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`Dovecot exited at start:\n${await log()}`);
    if (await greeting(port)) return { port, dir, process: child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`Dovecot did not answer on port ${port}:\n${await log()}`);
}

async function stopDovecot(server: Dovecot | undefined) {
  if (!server) return;
  const child = server.process;
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  await fs.rm(server.dir, { recursive: true, force: true });
}

beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(() => stopDovecot(dovecot));

function settings(mailbox: string, password = imapPassword): ImapSettings {
  return {
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    user: imapUser,
    password,
    mailbox,
  };
}

/** The test's own client, which puts mail in (and looks at it). */
async function withMailbox<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    auth: { user: imapUser, pass: imapPassword },
    logger: false,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

/** Appends in order on `parallel` connections (each takes a contiguous slice). */
async function append(mailbox: string, messages: string[], parallel = 1): Promise<void> {
  const slice = Math.ceil(messages.length / parallel);
  await Promise.all(
    Array.from({ length: parallel }, (_, i) =>
      withMailbox(async (client) => {
        for (const message of messages.slice(i * slice, (i + 1) * slice)) {
          const appended = await client.append(mailbox, message);
          if (!appended) throw new Error('append failed');
        }
      }),
    ),
  );
}

const chineseSubject = '我的订单物流到哪了？';
let mailCounter = 0;

/** A plain RFC 5322 mail with a unique Message-ID; the same call result is the same bytes. */
function mail(options: { subject?: string; body?: string } = {}): string {
  mailCounter += 1;
  const n = `${Date.now().toString(36)}.${mailCounter}.${randomSecret(4)}`;
  const subject = options.subject ?? `Order question ${mailCounter}`;
  const encoded = /^[\x20-\x7e]*$/.test(subject)
    ? subject
    : `=?UTF-8?B?${Buffer.from(subject, 'utf8').toString('base64')}?=`;
  return [
    `From: Customer ${mailCounter} <customer${mailCounter}@example.com>`,
    'To: Support <support@example.com>',
    `Subject: ${encoded}`,
    `Message-ID: <${n}@customers.example.com>`,
    'Date: Tue, 03 Dec 2024 10:00:00 +0800',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    options.body ?? `Hello, this is mail ${mailCounter}. 你好，请问我的包裹什么时候到？`,
    '',
  ].join('\r\n');
}

describe.each(databaseKinds)('IMAP polling against Dovecot on %s', (kind) => {
  let kefu: Kefu;
  let uow: UnitOfWork;
  let inbound: InboundMailService;
  let workspaceId: string;
  let mailboxCounter = 0;

  beforeAll(async () => {
    // Nothing but the tests polls these channels (Kefu's own poller stays off with manual jobs,
    // and would wait a day) or processes their mail while the tests count rows.
    kefu = await startTestKefu(kind, { IMAP_POLL_SECONDS: '86400' }, { jobs: 'manual' });
    workspaceId = (await signUp(kefu.app, 'Imap')).workspaceId;
    uow = createUnitOfWork(kefu.database.db, kefu.bus, systemClock);
    inbound = kefu.services.email.inbound;
  });
  afterAll(() => kefu?.close());

  /** A fresh mailbox on the server and a channel of the workspace pointed at it. */
  async function channelWithMailbox(password = imapPassword, enabled = true) {
    mailboxCounter += 1;
    const mailbox = `Support-${kind}-${mailboxCounter}`;
    await withMailbox((client) => client.mailboxCreate(mailbox));
    const row = await createRepositories(kefu.database.db).mailChannels.insert({
      id: newId(),
      workspaceId,
      name: `Support ${mailboxCounter}`,
      address: `support-${mailboxCounter}-${randomSecret(4).toLowerCase()}@example.com`,
      fromName: null,
      tokenSecret: randomSecret(),
      smtpUrl: null,
      imap: settings(mailbox, password),
      autoAcknowledge: false,
      enabled,
      at: new Date(),
    });
    if (!row) throw new Error('channel not created');
    return { id: row.id, mailbox };
  }

  const poller = (
    options: ImapPollerOptions = {},
    deps: Partial<ConstructorParameters<typeof ImapPoller>[0]> = {},
  ) => new ImapPoller({ uow, clock: systemClock, inbound, ...deps }, options);

  async function stateOf(channelId: string): Promise<ImapState> {
    const row = await createRepositories(kefu.database.db).mailChannels.findById(channelId);
    return row!.imap_state;
  }

  async function stored(channelId: string) {
    const row = await kefu.database.db
      .selectFrom('inbound_emails')
      .select([
        sql<number>`count(*)::int`.as('rows'),
        sql<number>`count(distinct rfc_message_id)::int`.as('distinct'),
        sql<number>`count(*) filter (where source = 'imap')::int`.as('imap'),
      ])
      .where('channel_id', '=', channelId)
      .executeTakeFirstOrThrow();
    return row;
  }

  async function uidsOf(mailbox: string) {
    return withMailbox(async (client) => {
      const box = await client.mailboxOpen(mailbox, { readOnly: true });
      const uids = (await client.search({ all: true }, { uid: true })) || [];
      const flags: string[][] = [];
      for await (const m of client.fetch('1:*', { uid: true, flags: true }, { uid: true }))
        flags.push([...(m.flags ?? [])]);
      return { uidValidity: String(box.uidValidity), uids, flags };
    });
  }

  it('stores new mail once, records UIDVALIDITY and the highest UID, and leaves the mailbox as it was', async () => {
    const channel = await channelWithMailbox();
    const messages = [mail(), mail({ subject: chineseSubject }), mail()];
    await append(channel.mailbox, messages);
    const imap = poller();

    expect(await imap.pollChannel(channel.id)).toEqual({
      fetched: 3,
      stored: 3,
      duplicates: 0,
      error: null,
    });
    const server = await uidsOf(channel.mailbox);
    const state = await stateOf(channel.id);
    expect(state).toMatchObject({
      uidValidity: server.uidValidity,
      lastUid: Math.max(...server.uids),
      lastError: null,
    });
    expect(Date.parse(state.lastPolledAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(await stored(channel.id)).toEqual({ rows: 3, distinct: 3, imap: 3 });

    // The bytes are kept as they came, the Chinese subject still RFC 2047 encoded.
    const rows = await kefu.database.db
      .selectFrom('inbound_emails')
      .selectAll()
      .where('channel_id', '=', channel.id)
      .execute();
    const raws = await Promise.all(rows.map((r) => inbound.raw(r)));
    expect(raws.map((r) => r.toString('utf8')).sort()).toEqual([...messages].sort());
    expect(rows.every((r) => r.workspace_id === workspaceId)).toBe(true);

    // `4:*` answers the last message (UID 3) too: it is not fetched again.
    expect(await imap.pollChannel(channel.id)).toEqual({
      fetched: 0,
      stored: 0,
      duplicates: 0,
      error: null,
    });
    expect(await stored(channel.id)).toEqual({ rows: 3, distinct: 3, imap: 3 });
    expect((await stateOf(channel.id)).lastUid).toBe(Math.max(...server.uids));

    // Read-only: nothing was marked seen, moved or deleted.
    const after = await uidsOf(channel.mailbox);
    expect(after.uids).toEqual(server.uids);
    expect(after.flags.flat()).not.toContain('\\Seen');
  });

  it('takes a burst of 500 messages between two polls exactly once, in batches', async () => {
    const channel = await channelWithMailbox();
    await append(channel.mailbox, [mail()]);
    let sourceFetches = 0;
    const receivedAtBatchStart: Array<number | undefined> = [];
    let calls = 0;
    const imap = poller(
      {},
      {
        connect: (s) => {
          const client = new ImapFlow({
            host: s.host,
            port: s.port,
            secure: s.secure,
            auth: { user: s.user, pass: s.password },
            logger: false,
          });
          const fetch = client.fetch.bind(client);
          client.fetch = (range, query, options) => {
            if (query.source) sourceFetches += 1;
            return fetch(range, query, options);
          };
          return client;
        },
        inbound: {
          async receive(input) {
            // The state as the poller left it when each batch of 100 began.
            if (calls % 100 === 0) receivedAtBatchStart.push((await stateOf(channel.id)).lastUid);
            calls += 1;
            return inbound.receive(input);
          },
        },
      },
    );
    expect((await imap.pollChannel(channel.id)).stored).toBe(1);
    calls = 0;
    receivedAtBatchStart.length = 0;
    sourceFetches = 0;

    await append(
      channel.mailbox,
      Array.from({ length: 500 }, () => mail()),
      8,
    );
    expect(await imap.pollChannel(channel.id)).toEqual({
      fetched: 500,
      stored: 500,
      duplicates: 0,
      error: null,
    });
    expect(await stored(channel.id)).toEqual({ rows: 501, distinct: 501, imap: 501 });
    expect(sourceFetches).toBe(5);
    // lastUid moved after every batch, before the next one was fetched.
    expect(receivedAtBatchStart).toEqual([1, 101, 201, 301, 401]);
    expect((await stateOf(channel.id)).lastUid).toBe(501);

    expect((await imap.pollChannel(channel.id)).fetched).toBe(0);
    expect((await stored(channel.id)).rows).toBe(501);
  }, 60_000);

  it('starts over when UIDVALIDITY changes and stores only the mail it did not have', async () => {
    const channel = await channelWithMailbox();
    const old = [mail(), mail({ subject: chineseSubject }), mail()];
    await append(channel.mailbox, old);
    const imap = poller();
    expect((await imap.pollChannel(channel.id)).stored).toBe(3);
    const before = await stateOf(channel.id);

    await withMailbox(async (client) => {
      await client.mailboxDelete(channel.mailbox);
      await client.mailboxCreate(channel.mailbox);
    });
    const fresh = [mail(), mail()];
    await append(channel.mailbox, [...old, ...fresh]);
    const server = await uidsOf(channel.mailbox);
    expect(server.uidValidity).not.toBe(before.uidValidity);

    expect(await imap.pollChannel(channel.id)).toEqual({
      fetched: 5,
      stored: 2,
      duplicates: 3,
      error: null,
    });
    expect(await stateOf(channel.id)).toMatchObject({
      uidValidity: server.uidValidity,
      lastUid: Math.max(...server.uids),
      lastError: null,
    });
    expect(await stored(channel.id)).toEqual({ rows: 5, distinct: 5, imap: 5 });
    expect((await imap.pollChannel(channel.id)).fetched).toBe(0);
  });

  it('records a wrong password or an unreachable server in lastError without throwing', async () => {
    const channel = await channelWithMailbox('not the password');
    await append(channel.mailbox, [mail()]);
    const warnings: string[] = [];
    const imap = poller({}, { log: { warn: (_o, m) => warnings.push(m) } });

    const result = await imap.pollChannel(channel.id);
    expect(result).toMatchObject({ fetched: 0, stored: 0, duplicates: 0 });
    expect(result.error).toMatch(/login failed/i);
    expect(result.error).toMatch(/authentication failed/i);
    const state = await stateOf(channel.id);
    expect(state.lastError).toBe(result.error);
    expect(state.lastPolledAt).toBeDefined();
    expect(state.lastUid).toBeUndefined();
    expect(await stored(channel.id)).toEqual({ rows: 0, distinct: 0, imap: 0 });
    expect(warnings).toHaveLength(1);

    // Nothing listening: also recorded, also no throw.
    const closedPort = await freePort();
    await createRepositories(kefu.database.db).mailChannels.update(channel.id, {
      imap: JSON.stringify({ ...settings(channel.mailbox), port: closedPort }),
    });
    const refused = await imap.pollChannel(channel.id);
    expect(refused.error).toMatch(/ECONNREFUSED/);
    expect((await stateOf(channel.id)).lastError).toBe(refused.error);

    // With the right settings the error clears and the mail comes in.
    await createRepositories(kefu.database.db).mailChannels.update(channel.id, {
      imap: JSON.stringify(settings(channel.mailbox)),
    });
    expect(await imap.pollChannel(channel.id)).toMatchObject({ stored: 1, error: null });
    expect((await stateOf(channel.id)).lastError).toBeNull();
  });

  it('does not advance past a mail whose receive failed, and the next poll stores the rest once', async () => {
    const channel = await channelWithMailbox();
    await append(
      channel.mailbox,
      Array.from({ length: 6 }, () => mail()),
    );
    let calls = 0;
    const imap = poller(
      { batchSize: 4 },
      {
        inbound: {
          async receive(input) {
            calls += 1;
            if (calls === 3) throw new Error('database went away');
            return inbound.receive(input);
          },
        },
      },
    );

    const failed = await imap.pollChannel(channel.id);
    expect(failed).toMatchObject({ fetched: 3, stored: 2, duplicates: 0 });
    expect(failed.error).toMatch(/UID 3.*database went away/);
    const state = await stateOf(channel.id);
    expect(state.lastUid).toBe(2);
    expect(state.lastError).toBe(failed.error);
    expect(await stored(channel.id)).toEqual({ rows: 2, distinct: 2, imap: 2 });

    expect(await imap.pollChannel(channel.id)).toEqual({
      fetched: 4,
      stored: 4,
      duplicates: 0,
      error: null,
    });
    expect(await stateOf(channel.id)).toMatchObject({ lastUid: 6, lastError: null });
    expect(await stored(channel.id)).toEqual({ rows: 6, distinct: 6, imap: 6 });
  });

  it('skips a mail over the size limit, says so in lastError, and moves on', async () => {
    const channel = await channelWithMailbox();
    await append(channel.mailbox, [mail(), mail({ body: 'x'.repeat(20_000) }), mail()]);
    const imap = poller({ maxMessageBytes: 10_000 });

    const result = await imap.pollChannel(channel.id);
    expect(result).toMatchObject({ fetched: 2, stored: 2, duplicates: 0 });
    expect(result.error).toMatch(/UID 2 skipped/);
    expect(await stateOf(channel.id)).toMatchObject({ lastUid: 3, lastError: result.error });
    expect((await stored(channel.id)).rows).toBe(2);
  });

  it('polls every enabled channel on a timer, one round at a time, until stopped', async () => {
    const first = await channelWithMailbox();
    const second = await channelWithMailbox();
    const disabled = await channelWithMailbox(imapPassword, false);
    await append(first.mailbox, [mail()]);
    await append(second.mailbox, [mail(), mail()]);
    await append(disabled.mailbox, [mail()]);
    const imap = poller();
    const pollAll = imap.pollAll.bind(imap);
    let active = 0;
    let overlapped = false;
    let rounds = 0;
    imap.pollAll = async () => {
      active += 1;
      overlapped ||= active > 1;
      rounds += 1;
      try {
        await pollAll();
        await new Promise((r) => setTimeout(r, 30));
      } finally {
        active -= 1;
      }
    };
    const stop = startImapPolling(imap, 10);
    for (let i = 0; i < 200 && rounds < 3; i += 1) await new Promise((r) => setTimeout(r, 20));
    await stop();
    expect(active).toBe(0);
    expect(overlapped).toBe(false);
    const after = rounds;
    expect(after).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 100));
    expect(rounds).toBe(after);
    expect((await stored(first.id)).rows).toBe(1);
    expect((await stored(second.id)).rows).toBe(2);
    expect((await stored(disabled.id)).rows).toBe(0);
    expect(await stateOf(disabled.id)).toEqual({});
  });
});
