import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { createKefu } from '../../server.ts';
import {
  type DatabaseKind,
  databaseKinds,
  freshPostgresUrl,
  pgliteTemplatePath,
} from '../../test/databases.ts';
import { createApiToken, signUp } from '../../test/harness.ts';
import { addMailbox, deliver, headerOf, mailText, startMailSink } from '../../test/mail.ts';

/**
 * "Test by killing the worker between steps", literally: Kefu's worker (SMTP listener and job
 * runner) runs in a child process (test/kill-worker.ts), a failpoint armed through the
 * environment makes it SIGKILL itself at a named step, the test reads what the dead process
 * left in the database, and a fresh child without the failpoint finishes the work. Each restart
 * runs its clock past the dead worker's job lease (5 min), as time passes before a real restart.
 *
 * Both databases: on PostgreSQL the children share the test's database; on PGlite one process
 * at a time owns the data directory, so the test touches it only while no child runs (and the
 * children talk to the test over SMTP and HTTP). PGlite recovers the directory of a process
 * killed mid-transaction like PostgreSQL does: from its write-ahead log.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const workerEntry = path.join(root, 'apps/server/src/test/kill-worker.ts');
const minute = 60_000;
// Each step starts a process (about 3 s on an idle machine); leave room on a busy one.
const killTestTimeout = 120_000;

interface Worker {
  child: ChildProcess;
  smtpPort: number;
  http: string;
  exited: Promise<NodeJS.Signals | number | null>;
  output: () => string;
}

/** Starts test/kill-worker.ts and waits for its "ready" line. */
async function startWorker(env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const ready = await new Promise<{ smtpPort: number; httpPort: number }>((resolve, reject) => {
    let line = '';
    const timer = setTimeout(() => reject(new Error(`worker not ready:\n${output}`)), 25_000);
    child.stdout.on('data', (chunk: Buffer) => {
      line += chunk.toString();
      const match = /\{"ready".*\}/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve(JSON.parse(match[0]) as { smtpPort: number; httpPort: number });
    });
    void exited.then((how) => reject(new Error(`worker exited (${how}):\n${output}`)));
  });
  return {
    child,
    smtpPort: ready.smtpPort,
    http: `http://127.0.0.1:${ready.httpPort}`,
    exited,
    output: () => output,
  };
}

async function stopWorker(worker: Worker) {
  if (worker.child.exitCode === null && worker.child.signalCode === null)
    worker.child.kill('SIGTERM');
  await worker.exited;
}

/** Polls until `check` returns a value (the worker runs its jobs on its own time). */
async function waitFor<T>(what: string, check: () => Promise<T | null | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(databaseKinds)(
  'killing the email worker between steps on %s',
  (kind: DatabaseKind) => {
    let dataDir = '';
    let databaseEnv: Record<string, string> = {};
    let sink: Awaited<ReturnType<typeof startMailSink>>;
    let mailbox: { id: string; address: string };
    let token = '';
    const running: Worker[] = [];

    const config = () =>
      loadConfig({
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        NODE_ENV: 'test',
        SMTP_PORT: 'off',
        ...databaseEnv,
      });
    /** Opens the database while no worker runs (PGlite: this process owns the directory now). */
    const inspect = async <T>(
      read: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>,
    ) => {
      const database = await openDatabase(config().database);
      try {
        return await read(database.db);
      } finally {
        await database.close();
      }
    };
    const worker = async (env: { failpoints?: string; skewMs?: number } = {}) => {
      const started = await startWorker({
        ...databaseEnv,
        KEFU_FAILPOINTS: env.failpoints ?? '',
        KEFU_CLOCK_SKEW_MS: String(env.skewMs ?? 0),
      });
      running.push(started);
      return started;
    };
    const api = async <T>(w: Worker, method: string, url: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${w.http}/api/v1${url}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (!response.ok)
        throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };

    const subject = `kill ${kind}`;
    const customer = 'killed@example.com';
    // One raw mail: a re-delivery by the client is the same bytes.
    let raw = '';
    const send = (w: Worker) => deliver(w.smtpPort, raw, { from: customer, to: [mailbox.address] });
    const counts = () =>
      inspect(async (db) => ({
        inbound: await db
          .selectFrom('inbound_emails')
          .select(['status'])
          .where('channel_id', '=', mailbox.id)
          .execute(),
        // Mail jobs only: a worker also schedules its recurring jobs (time rules, sweeps).
        jobs: await db
          .selectFrom('jobs')
          .select(['kind', 'status', 'attempts'])
          .where('kind', 'like', 'email.%')
          .orderBy('created_at')
          .execute(),
        conversations: await db
          .selectFrom('conversations')
          .select('id')
          .where('subject', '=', subject)
          .execute(),
        messages: await db
          .selectFrom('messages')
          .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
          .select(['messages.id', 'messages.author_type'])
          .where('conversations.subject', '=', subject)
          .orderBy('messages.created_at')
          .execute(),
        outbound: await db
          .selectFrom('email_messages')
          .select(['message_id', 'delivery_status', 'rfc_message_id'])
          .where('direction', '=', 'outbound')
          .execute(),
      }));

    beforeAll(async () => {
      sink = await startMailSink();
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `kefu-kill-${kind}-`));
      if (kind === 'postgres') {
        databaseEnv = {
          DATA_DIR: dataDir,
          DATABASE_URL: await freshPostgresUrl(),
          DATABASE_POOL_SIZE: '3',
        };
      } else {
        databaseEnv = { DATA_DIR: dataDir };
        // The run's migrated template, unpacked into the directory the workers will own.
        const pglite = await PGlite.create({
          dataDir: path.join(dataDir, 'db'),
          loadDataDir: new Blob([await fs.readFile(pgliteTemplatePath())]),
        });
        await pglite.close();
      }
      const kefu = await createKefu(config(), { jobs: 'manual' });
      try {
        const owner = await signUp(kefu.app, 'Kill');
        mailbox = await addMailbox(kefu.app, owner, { smtpUrl: sink.url });
        token = await createApiToken(kefu, owner.workspaceId, [
          'conversations:read',
          'conversations:write',
        ]);
      } finally {
        await kefu.close();
      }
      raw = mailText({
        from: customer,
        to: mailbox.address,
        subject,
        messageId: `kill-${kind}-${Date.now()}@example.com`,
        body: 'Where is my parcel?',
      });
    });
    afterAll(async () => {
      for (const w of running) await stopWorker(w);
      await sink?.close();
      if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    });

    it(
      'receiving: killed before the commit, the client gets no 250 and nothing is stored; its retry is taken once',
      async () => {
        const first = await worker({ failpoints: 'mail.receive.before-commit=kill' });
        await expect(send(first)).rejects.toThrow();
        expect(await first.exited).toBe('SIGKILL');
        let state = await counts();
        expect(state.inbound).toHaveLength(0);
        expect(state.jobs).toHaveLength(0);

        // The sender's server tries again; this worker dies after saying 250, while processing.
        const second = await worker({ failpoints: 'mail.process.before-commit=kill' });
        const accepted = await send(second);
        expect(accepted.response).toMatch(/^250/);
        expect(await second.exited).toBe('SIGKILL');
        state = await counts();
        expect(state.inbound).toEqual([{ status: 'received' }]);
        expect(state.jobs).toEqual([{ kind: 'email.process', status: 'running', attempts: 1 }]);
        expect(state.conversations).toHaveLength(0);
      },
      killTestTimeout,
    );

    it(
      'processing and sending: a worker started after the lease takes the mail in once; a reply killed before and after the SMTP server took it goes out again with the same Message-ID and is recorded once',
      async () => {
        let w = await worker({ skewMs: 6 * minute, failpoints: 'mail.send.before-smtp=kill' });
        const conversation = await waitFor('the conversation', async () => {
          const page = await api<{ items: { id: string; subject: string | null }[] }>(
            w,
            'GET',
            '/conversations?channel=email',
          );
          return page.items.find((c) => c.subject === subject);
        });
        // The sender's server delivers once more (it never saw the 250, say): nothing changes.
        expect((await send(w)).response).toMatch(/^250/);
        const reply = await api<{ id: string }>(
          w,
          'POST',
          `/conversations/${conversation.id}/messages`,
          {
            body: 'It left the warehouse today.',
          },
        );
        expect(await w.exited).toBe('SIGKILL');
        let state = await counts();
        expect(state.inbound).toEqual([{ status: 'processed' }]);
        expect(state.conversations).toEqual([{ id: conversation.id }]);
        expect(state.messages.map((m) => m.author_type)).toEqual(['customer', 'agent']);
        expect(state.jobs.filter((j) => j.kind === 'email.process')).toEqual([
          { kind: 'email.process', status: 'done', attempts: 2 },
        ]);
        expect(sink.mails).toHaveLength(0);
        expect(state.outbound).toMatchObject([
          { message_id: reply.id, delivery_status: 'sending' },
        ]);
        expect(state.jobs.filter((j) => j.kind === 'email.send')).toEqual([
          { kind: 'email.send', status: 'running', attempts: 1 },
        ]);

        w = await worker({ skewMs: 12 * minute, failpoints: 'mail.send.after-smtp=kill' });
        expect(await w.exited).toBe('SIGKILL');
        expect(sink.mails).toHaveLength(1);
        state = await counts();
        expect(state.outbound).toMatchObject([
          { message_id: reply.id, delivery_status: 'sending' },
        ]);

        w = await worker({ skewMs: 18 * minute });
        await waitFor('the second copy', async () => (sink.mails.length >= 2 ? true : null));
        await waitFor('the sent state', async () => {
          const messages = await api<{
            items: { id: string; email: { deliveryStatus: string } | null }[];
          }>(w, 'GET', `/conversations/${conversation.id}/messages`);
          return messages.items.find((m) => m.id === reply.id)?.email?.deliveryStatus === 'sent'
            ? true
            : null;
        });
        await stopWorker(w);
        // At least once on the wire, one Message-ID: the recipient's client shows one mail.
        expect(sink.mails).toHaveLength(2);
        const ids = sink.mails.map((m) => headerOf(m.raw, 'Message-ID'));
        expect(ids[1]).toBe(ids[0]);
        state = await counts();
        expect(ids[0]).toBe(`<${state.outbound[0]!.rfc_message_id}>`);
        expect(state.outbound).toMatchObject([{ message_id: reply.id, delivery_status: 'sent' }]);
        expect(state.jobs.filter((j) => j.kind === 'email.send')).toEqual([
          { kind: 'email.send', status: 'done', attempts: 3 },
        ]);
        expect(state.messages.map((m) => m.author_type)).toEqual(['customer', 'agent']);
      },
      killTestTimeout,
    );
  },
);
