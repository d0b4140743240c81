import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, signUp, startTestKefu } from '../../test/harness.ts';
import { manualClock } from '../../test/mail.ts';
import { automationHelpers } from './automation-test-helpers.ts';
import { verifyWebhook } from './webhook-signature.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe.each(databaseKinds)('Webhook deliveries on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let server: http.Server;
  let port: number;
  const received: Received[] = [];
  let answer = 200;
  const clock = manualClock();
  const api = automationHelpers(
    () => kefu,
    () => owner,
  );

  beforeAll(async () => {
    // Only this option lets a test reach a receiver on 127.0.0.1.
    kefu = await startTestKefu(kind, {}, { jobs: 'manual', clock, allowLoopbackWebhooks: true });
    owner = await signUp(kefu.app, 'Hookco');
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (answer === 302) response.writeHead(302, { location: 'http://10.0.0.1/' });
        else response.writeHead(answer);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await kefu.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const jobs = () =>
    kefu.database.db
      .selectFrom('jobs')
      .select(['status', 'attempts', 'last_error'])
      .where('kind', '=', 'automations.webhook')
      .where('workspace_id', '=', owner.workspaceId)
      .orderBy('created_at')
      .execute();

  it('refuses private targets when a rule is saved', async () => {
    for (const url of ['http://10.0.0.1/hook', 'http://[::ffff:169.254.169.254]/', 'gopher://x/'])
      expect(
        (
          await api.call('POST', '/api/v1/triggers', {
            name: 'Bad hook',
            events: ['created'],
            actions: [{ type: 'webhook', url }],
          })
        ).statusCode,
      ).toBe(400);
  });

  it('posts a signed payload as a job, and retries a failing receiver with the same id', async () => {
    await api.created('/api/v1/triggers', {
      name: 'Tell the CRM',
      events: ['created'],
      conditions: [{ field: 'message.text', op: 'contains', value: 'order' }],
      actions: [{ type: 'webhook', url: `http://127.0.0.1:${port}/kefu?x=1` }],
    });
    const conversation = await api.newConversation('Where is my order?');
    // Nothing is sent inside the request: the job does it.
    expect(received).toHaveLength(0);
    answer = 500;
    await kefu.jobs.drain();
    expect(received).toHaveLength(1);
    expect((await jobs())[0]).toMatchObject({ status: 'queued', attempts: 1 });
    answer = 200;
    clock.advance(11_000);
    await kefu.jobs.drain();
    expect(received).toHaveLength(2);
    expect((await jobs())[0]).toMatchObject({ status: 'done', attempts: 2 });
    const [first, second] = received;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    const secret = (await api.call('GET', '/api/v1/automations/webhook-secret')).json<{
      secret: string;
    }>().secret;
    expect(secret).toMatch(/^whsec_/);
    const signed = verifyWebhook(
      secret,
      String(second!.headers['webhook-id']),
      Number(second!.headers['webhook-timestamp']),
      second!.body,
      String(second!.headers['webhook-signature']),
    );
    expect(signed).toBe(true);
    const payload = JSON.parse(second!.body) as {
      automation: { name: string };
      conversation: { id: string };
    };
    expect(payload.automation.name).toBe('Tell the CRM');
    expect(payload.conversation.id).toBe(conversation.id);
  });

  it('does not follow a redirect, and stops for good on 410 Gone', async () => {
    received.length = 0;
    answer = 302;
    await api.newConversation('another order');
    await kefu.jobs.drain();
    expect(received).toHaveLength(1);
    const redirected = (await jobs()).at(-1)!;
    expect(redirected).toMatchObject({ status: 'queued', last_error: 'the receiver answered 302' });
    answer = 410;
    clock.advance(61_000);
    await kefu.jobs.drain();
    expect((await jobs()).at(-1)).toMatchObject({ status: 'failed' });
    // The receiver is gone: the trigger that called it is turned off, and the audit log says so.
    const triggers = (await api.call('GET', '/api/v1/triggers')).json<{
      items: { name: string; enabled: boolean }[];
    }>().items;
    expect(triggers.find((t) => t.name === 'Tell the CRM')!.enabled).toBe(false);
    const audit = await kefu.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_type'])
      .where('workspace_id', '=', owner.workspaceId)
      .where('action', '=', 'trigger.disabled')
      .execute();
    expect(audit).toEqual([{ action: 'trigger.disabled', actor_type: 'system' }]);
  });
});
