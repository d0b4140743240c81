import type { ConversationArticleDraft, ConversationAssist } from '@kefu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMember, bearer, createApiToken } from '../../test/members.ts';
import { knowledgeClient, workspaceSlug } from '../knowledge/knowledge-test-helpers.ts';

describe.each(databaseKinds)('agent assist API on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let agent: SignedIn;
  let other: SignedIn;
  let integration: string;
  const ids = { refund: '', internal: '', zh: '', vip: '', tracking: '', otherArticle: '' };

  /** Starts a conversation with the customer's first message; returns its id. */
  const start = async (who: SignedIn, body: string, extra: Record<string, unknown> = {}) => {
    const response = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: {
        customer: { identity: { kind: 'email', value: `c${Math.random()}@example.com` } },
        message: { body },
        ...extra,
      },
      ...as(who),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; number: number }>();
  };
  const reply = async (who: SignedIn, id: string, body: string) => {
    const response = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}/messages`,
      payload: { body },
      ...as(who),
    });
    expect(response.statusCode, response.body).toBe(201);
  };
  const setStatus = async (who: SignedIn, id: string, status: string) => {
    const response = await kefu.app.inject({
      method: 'PATCH',
      url: `/api/v1/conversations/${id}`,
      payload: { status },
      ...as(who),
    });
    expect(response.statusCode, response.body).toBe(200);
  };
  const canned = async (who: SignedIn, shortcut: string, title: string, body: string) => {
    const response = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/canned-responses',
      payload: { shortcut, title, body },
      ...as(who),
    });
    expect(response.statusCode, response.body).toBe(201);
  };
  const assist = async (who: SignedIn, id: string) => {
    const response = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${id}/assist`,
      ...as(who),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ConversationAssist>();
  };
  /** A solved conversation: the customer's question and the agent's answer. */
  const solved = async (who: SignedIn, question: string, answer: string) => {
    const conversation = await start(who, question);
    await reply(who, conversation.id, answer);
    await setStatus(who, conversation.id, 'solved');
    return conversation;
  };

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Assist');
    agent = await addMember(kefu.app, owner, 'agent');
    other = await signUp(kefu.app, 'Elsewhere');
    integration = (await createApiToken(kefu.app, owner, ['conversations:write'])).token;

    const kb = knowledgeClient(kefu, owner);
    const article = (input: Record<string, unknown>) => kb.article({ publish: true, ...input });
    ids.refund = (
      await article({
        locale: 'en',
        title: 'Refunds',
        bodyHtml: '<p>Refunds reach your card within 5 working days after we receive the item.</p>',
        questions: ['How do I get a refund?', 'Where is my refund?'],
      })
    ).id;
    ids.internal = (
      await article({
        locale: 'en',
        visibility: 'internal',
        title: 'Refund exceptions (agents only)',
        bodyHtml: '<p>Team leads may approve a refund after 30 days for damaged items.</p>',
        questions: ['Refund after 30 days'],
      })
    ).id;
    ids.vip = (
      await article({
        locale: 'en',
        audienceTiers: ['vip'],
        title: 'VIP refund desk',
        bodyHtml: '<p>VIP customers get their refund the same day.</p>',
      })
    ).id;
    ids.zh = (
      await article({
        locale: 'zh-CN',
        title: '如何退款',
        bodyHtml: '<p>退款会在收到退货后 5 个工作日内原路退回。</p>',
        questions: ['怎么申请退款？'],
      })
    ).id;
    ids.tracking = (
      await article({
        locale: 'en',
        title: 'Tracking a package',
        bodyHtml: '<p>Every package has a tracking link in the shipping mail.</p>',
        questions: ['My package has not arrived', 'Where is my parcel?'],
      })
    ).id;
    await article({
      locale: 'en',
      title: 'Changing your password',
      bodyHtml: '<p>Open Settings, then Security, and choose a new password.</p>',
      questions: ['How do I reset my password?'],
    });
    ids.otherArticle = (
      await knowledgeClient(kefu, other).article({
        publish: true,
        locale: 'en',
        visibility: 'internal',
        title: 'Refund secrets of another workspace',
        bodyHtml: '<p>Refund refund refund: how do I get a refund for my order.</p>',
        questions: ['How do I get a refund for my order?'],
      })
    ).id;

    await canned(owner, 'refund', 'Refund policy', 'Hi {{customer.name}}, refunds take 5 days.');
    await canned(owner, 'ship', 'Shipping times', 'Orders ship within 2 days of payment.');
    await canned(other, 'refund', 'Other refund', 'Another workspace refunds differently.');
  });
  afterAll(() => kefu.close());

  it('suggests the workspace’s articles (internal ones too, with public links) and canned replies for the latest question', async () => {
    const conversation = await start(agent, 'Hello! How do I get a refund for my order?');
    const result = await assist(agent, conversation.id);
    expect(result.locale).toBe('en');
    expect(result.query).toBe('Hello! How do I get a refund for my order?');

    const articleIds = result.articles.map((a) => a.articleId);
    expect(articleIds[0]).toBe(ids.refund);
    expect(articleIds).toContain(ids.internal);
    expect(articleIds).not.toContain(ids.otherArticle);
    expect(articleIds).not.toContain(ids.zh);
    const slug = await workspaceSlug(kefu, owner);
    const refund = result.articles[0]!;
    expect(refund.url).toMatch(
      new RegExp(`^https?://[^/]+/help/${slug}/en/articles/${ids.refund}-refunds$`),
    );
    expect(refund.passage).toContain('5 working days');
    const internal = result.articles.find((a) => a.articleId === ids.internal)!;
    expect(internal).toMatchObject({ visibility: 'internal', url: null });
    const vip = result.articles.find((a) => a.articleId === ids.vip);
    if (vip) expect(vip.url).toBeNull();

    expect(result.replies[0]).toMatchObject({
      source: 'canned',
      title: 'Refund policy',
      body: 'Hi {{customer.name}}, refunds take 5 days.',
      conversationNumber: null,
    });
    expect(result.replies.map((r) => r.title)).not.toContain('Other refund');
    for (const item of [...result.articles, ...result.replies]) {
      expect(item.score).toBeGreaterThan(0);
      expect(item.confidence).toBeGreaterThan(0);
    }
  });

  it('follows the question: another question gets other suggestions, and answers from similar solved conversations', async () => {
    const earlier = await solved(
      owner,
      'My parcel never arrived, where is my package?',
      'Sorry about that! I have asked the courier to deliver your package again tomorrow.',
    );
    await solved(owner, 'Can I pay by invoice?', 'Yes, invoices are available for companies.');
    const otherSolved = await solved(
      other,
      'My parcel never arrived, where is my package?',
      'Another workspace’s private answer about the package.',
    );

    const conversation = await start(agent, 'Hi, my package never arrived. Where is it?');
    const result = await assist(agent, conversation.id);
    const fromConversations = result.replies.filter((r) => r.source === 'conversation');
    expect(fromConversations[0]).toMatchObject({
      id: earlier.id,
      conversationNumber: earlier.number,
      title: 'My parcel never arrived, where is my package?',
      body: 'Sorry about that! I have asked the courier to deliver your package again tomorrow.',
    });
    const replyIds = result.replies.map((r) => r.id);
    expect(replyIds).not.toContain(otherSolved.id);
    expect(replyIds).not.toContain(conversation.id);
    expect(result.replies.map((r) => r.body).join(' ')).not.toContain('Another workspace');
    expect(result.articles[0]?.articleId).toBe(ids.tracking);
    expect(result.articles.map((a) => a.articleId)).not.toContain(ids.refund);

    // The next customer message changes what is asked: suggestions follow it.
    await reply(agent, conversation.id, 'Let me check.');
    const followUp = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      payload: { author: 'customer', body: 'Also, how do I reset my password?' },
      ...bearer(integration),
    });
    expect(followUp.statusCode, followUp.body).toBe(201);
    const next = await assist(agent, conversation.id);
    expect(next.query).toBe('Also, how do I reset my password?');
    expect(next.articles[0]?.title).toBe('Changing your password');
    expect(next.replies.map((r) => r.id)).not.toContain(earlier.id);
  });

  it('picks up conversations solved since the last request, and drops reopened ones', async () => {
    const conversation = await start(agent, 'Is Iceland on your route map?');
    const fromConversations = async () =>
      (await assist(agent, conversation.id)).replies.filter((r) => r.source === 'conversation');
    expect(await fromConversations()).toEqual([]);

    const earlier = await solved(
      owner,
      'Can you deliver to Iceland?',
      'We ship to Iceland every Tuesday.',
    );
    expect((await fromConversations()).map((r) => r.id)).toEqual([earlier.id]);

    await setStatus(owner, earlier.id, 'open');
    expect(await fromConversations()).toEqual([]);
  });

  it('suggests in the customer’s language', async () => {
    const conversation = await start(agent, '你好，我想申请退款，怎么办？');
    const result = await assist(agent, conversation.id);
    expect(result.locale).toBe('zh-CN');
    expect(result.articles.map((a) => a.articleId)).toEqual([ids.zh]);
    expect(result.articles[0]!.url).toContain('/zh-CN/articles/');
  });

  it('suggests nothing before the customer has written', async () => {
    const conversation = await start(agent, 'We noticed a problem with your refund.', {
      message: { author: 'agent', body: 'We noticed a problem with your refund.' },
    });
    const result = await assist(agent, conversation.id);
    expect(result).toMatchObject({ query: '', articles: [], replies: [] });
  });

  it('never reaches another workspace’s conversation', async () => {
    const conversation = await start(agent, 'How do I get a refund?');
    for (const path of ['assist', 'article-draft']) {
      const response = await kefu.app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${conversation.id}/${path}`,
        ...as(other),
      });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    const mine = await start(other, 'How do I get a refund for my order?');
    const result = await assist(other, mine.id);
    expect(result.articles.map((a) => a.articleId)).toEqual([ids.otherArticle]);
    expect(result.replies.map((r) => r.title)).toEqual(['Other refund']);

    const bad = await kefu.app.inject({
      method: 'GET',
      url: '/api/v1/conversations/not-an-id/assist',
      ...as(agent),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('drafts an article from the conversation: title, question, the answer as safe HTML', async () => {
    const conversation = await start(owner, 'Hello,\nhow can I change the delivery address?', {
      subject: 'Change delivery address',
    });
    await reply(
      owner,
      conversation.id,
      'Open your order and choose Edit address.\n\nIt works <b>until</b> we ship <script>alert(1)</script>.',
    );
    const response = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.id}/article-draft`,
      ...as(agent),
    });
    expect(response.statusCode, response.body).toBe(200);
    const draft = response.json<ConversationArticleDraft>();
    expect(draft).toEqual({
      conversationId: conversation.id,
      locale: 'en',
      title: 'Change delivery address',
      question: 'Hello, how can I change the delivery address?',
      bodyHtml:
        '<p>Open your order and choose Edit address.</p><p>It works &lt;b&gt;until&lt;/b&gt; we ship &lt;script&gt;alert(1)&lt;/script&gt;.</p>',
    });

    const unanswered = await start(owner, '我的发票在哪里？');
    const zh = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${unanswered.id}/article-draft`,
      ...as(owner),
    });
    expect(zh.json()).toMatchObject({
      locale: 'zh-CN',
      title: '我的发票在哪里？',
      question: '我的发票在哪里？',
      bodyHtml: '',
    });
  });
});
