import { afterAll, describe, expect, it } from 'vitest';
import type { Conversation } from '@kefu/contracts';
import { loadConfig } from '../../config.ts';
import { type Kefu, createKefu } from '../../server.ts';
import { databaseKinds, freshPostgresUrl } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu, startTestNode } from '../../test/harness.ts';
import { manualClock } from '../../test/mail.ts';
import { ProcessCrash, failpoints } from '../jobs/failpoints.ts';

const MIN = 60_000;

/**
 * "A server restart does not lose or double a breach": a worker dies in the middle of a breach
 * job (before its commit) and after it (before the job is marked done); a new Kefu on the same
 * database takes the job once its lease runs out, and the breach's actions happen exactly once.
 */
describe.each(databaseKinds)('SLA breach jobs across a restart on %s', (kind) => {
  const clock = manualClock(Date.UTC(2026, 11, 7, 2, 0));
  const nodes: Kefu[] = [];
  afterAll(async () => {
    for (const node of nodes.reverse()) await node.close().catch(() => undefined);
  });

  let url: string | null = null;
  /** A new Kefu on the suite's database (PGlite: the same in-process database). */
  async function startNode(): Promise<Kefu> {
    const options = { jobs: 'manual' as const, clock };
    let node: Kefu;
    if (kind === 'postgres') {
      url ??= await freshPostgresUrl();
      node = await startTestNode(url, {}, options);
    } else if (nodes.length === 0) {
      node = await startTestKefu('pglite', {}, options);
    } else {
      const config = loadConfig({
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        DATA_DIR: '.tmp/test-data',
        NODE_ENV: 'test',
        SMTP_PORT: 'off',
      });
      node = await createKefu(config, { ...options, database: nodes[0]!.database });
    }
    nodes.push(node);
    return node;
  }
  /** Stops a node's HTTP side and runner without closing the shared database: a dead process. */
  async function abandon(node: Kefu) {
    await node.jobs.stop();
    await node.app.close();
  }

  const alertsOf = (node: Kefu, conversationId: string) =>
    node.database.db
      .selectFrom('realtime_events')
      .select('payload')
      .where('type', '=', 'sla.alert')
      .where('conversation_id', '=', conversationId)
      .execute();

  async function conversationWithPolicy(node: Kefu, owner: SignedIn) {
    const response = await node.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: {
        customer: { identity: { kind: 'email', value: `r${Math.random()}@example.com` } },
        message: { body: 'Help' },
      },
      ...as(owner),
    });
    return response.json<Conversation>();
  }

  it('fires a breach once when the worker dies before or after the commit', async () => {
    const first = await startNode();
    const owner = await signUp(first.app, 'Restart');
    const policy = await first.app.inject({
      method: 'POST',
      url: '/api/v1/sla-policies',
      payload: {
        name: 'Fast',
        targets: [{ metric: 'first_reply_time', priority: 'normal', minutes: 30 }],
        breachActions: [{ type: 'notify' }, { type: 'add_tag', tag: 'late' }],
      },
      ...as(owner),
    });
    expect(policy.statusCode).toBe(201);
    const before = await conversationWithPolicy(first, owner);
    clock.advance(31 * MIN);

    failpoints.arm('sla.breach.before-commit');
    await expect(first.jobs.drain()).rejects.toBeInstanceOf(ProcessCrash);
    expect(await alertsOf(first, before.id)).toHaveLength(0);
    await abandon(first);

    const second = await startNode();
    await second.jobs.drain();
    expect(await alertsOf(second, before.id)).toHaveLength(0); // still leased by the dead worker
    clock.advance(6 * MIN);
    await second.jobs.drain();
    expect(await alertsOf(second, before.id)).toHaveLength(1);

    const after = await conversationWithPolicy(second, owner);
    clock.advance(31 * MIN);
    failpoints.arm('sla.breach.after-commit');
    await expect(second.jobs.drain()).rejects.toBeInstanceOf(ProcessCrash);
    expect(await alertsOf(second, after.id)).toHaveLength(1);
    await abandon(second);

    const third = await startNode();
    clock.advance(6 * MIN);
    await third.jobs.drain();
    clock.advance(60 * MIN);
    await third.jobs.drain();
    expect(await alertsOf(third, before.id)).toHaveLength(1);
    expect(await alertsOf(third, after.id)).toHaveLength(1);
    const tags = await third.database.db
      .selectFrom('conversation_tags')
      .select('conversation_id')
      .where('conversation_id', 'in', [before.id, after.id])
      .execute();
    expect(tags).toHaveLength(2);
    const jobs = await third.database.db
      .selectFrom('jobs')
      .select(['status'])
      .where('kind', '=', 'sla.breach')
      .where('workspace_id', '=', owner.workspaceId)
      .execute();
    expect(jobs.map((j) => j.status)).toEqual(['done', 'done']);
  });
});
