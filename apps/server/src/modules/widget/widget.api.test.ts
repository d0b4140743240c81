import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { multipartFile } from '../../test/multipart.ts';
import { signIdentityToken } from './identity-token.ts';
import { widgetHelpers } from './widget-test-helpers.ts';

describe.each(databaseKinds)('widget visitor API on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let key: string;
  let secret: string;
  const h = widgetHelpers(() => kefu);
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    kefu = await startTestKefu(kind, { PUBLIC_URL: 'https://kefu.example.com' });
    owner = await signUp(kefu.app, 'Widget');
    ({ publicKey: key, identitySecret: secret } = await h.settings(owner));
  });
  afterAll(() => kefu.close());

  it('gives admins the settings with a snippet, and audits changes', async () => {
    const settings = await h.inject({
      method: 'GET',
      url: '/api/v1/widget-settings',
      ...as(owner),
    });
    expect(settings.json()).toMatchObject({
      publicKey: key,
      enabled: true,
      snippet: `<script async src="https://kefu.example.com/widget.js" data-kefu-key="${key}"></script>`,
    });
    const patch = await h.inject({
      method: 'PATCH',
      url: '/api/v1/widget-settings',
      payload: { color: '#FF0000', preChat: { email: 'optional' }, greeting: { en: 'Hello!' } },
      ...as(owner),
    });
    expect(patch.json()).toMatchObject({
      color: '#ff0000',
      preChat: { name: 'off', email: 'optional' },
      greeting: { en: 'Hello!' },
    });
    const audit = await h.inject({ method: 'GET', url: '/api/v1/audit-log', ...as(owner) });
    expect(JSON.stringify(audit.json())).toContain('widget_settings.updated');
    const config = await h.inject({ method: 'GET', url: `/api/v1/widget/config?key=${key}` });
    expect(config.statusCode).toBe(200);
    expect(config.json()).toMatchObject({
      color: '#ff0000',
      greeting: { en: 'Hello!' },
      preChat: { email: 'optional' },
      agentsOnline: false,
      expectedReplyMinutes: 10,
    });
    expect(config.json()).not.toHaveProperty('identitySecret');
    const unknown = await h.inject({
      method: 'GET',
      url: `/api/v1/widget/config?key=wk_${'x'.repeat(24)}`,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('runs an anonymous chat end to end, and a returning visitor sees the history', async () => {
    const session = await h.startSession({ key });
    expect(session.statusCode).toBe(201);
    const token = session.json<{ visitorToken: string }>().visitorToken;
    expect(session.json()).toMatchObject({ resumed: false, profile: { identified: false } });
    const started = await h.startChat(token, '我的订单还没有到', {
      preChat: { name: '小王', email: 'xiaowang@example.com' },
    });
    // The agents see it like any conversation, as a chat from the customer.
    const agentView = await h.inject({
      method: 'GET',
      url: `/api/v1/conversations/${started.conversation.id}`,
      ...as(owner),
    });
    expect(agentView.json()).toMatchObject({
      channel: 'chat',
      status: 'new',
      customer: { name: '小王' },
    });
    await h.agentPost(owner, started.conversation.id, '您好，我来查一下');
    const reply = await h.asVisitor(token, {
      method: 'POST',
      url: `/api/v1/widget/conversations/${started.conversation.id}/messages`,
      payload: { body: '谢谢' },
    });
    expect(reply.statusCode).toBe(201);

    const resumed = await h.startSession({ key, visitorToken: token });
    expect(resumed.json()).toMatchObject({
      visitorToken: token,
      resumed: true,
      profile: { name: '小王', email: 'xiaowang@example.com' },
    });
    const list = await h.asVisitor(token, { method: 'GET', url: '/api/v1/widget/conversations' });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({
      id: started.conversation.id,
      status: 'open',
      lastMessage: { body: '谢谢', author: { type: 'customer' } },
    });
    const messages = await h.asVisitor(token, {
      method: 'GET',
      url: `/api/v1/widget/conversations/${started.conversation.id}/messages`,
    });
    expect(messages.json().items.map((m: { body: string }) => m.body)).toEqual([
      '我的订单还没有到',
      '您好，我来查一下',
      '谢谢',
    ]);
    expect(messages.json().items[1].author).toEqual({ type: 'agent', name: owner.name });
  });

  it('never returns internal notes to the visitor', async () => {
    const token = await h.anonymous(key);
    const { conversation } = await h.startChat(token, 'hello');
    await h.agentPost(owner, conversation.id, 'secret internal note', 'internal');
    await h.agentPost(owner, conversation.id, 'public answer');
    const messages = await h.asVisitor(token, {
      method: 'GET',
      url: `/api/v1/widget/conversations/${conversation.id}/messages`,
    });
    expect(messages.body).not.toContain('secret internal note');
    expect(messages.json().items).toHaveLength(2);
    const list = await h.asVisitor(token, { method: 'GET', url: '/api/v1/widget/conversations' });
    expect(list.body).not.toContain('secret internal note');
    expect(list.json().items[0].unreadCount).toBe(1);
  });

  it('pages older messages by cursor', async () => {
    const token = await h.anonymous(key);
    const { conversation } = await h.startChat(token, 'm0');
    for (let i = 1; i < 5; i += 1) await h.agentPost(owner, conversation.id, `m${i}`);
    const url = `/api/v1/widget/conversations/${conversation.id}/messages`;
    const first = await h.asVisitor(token, { method: 'GET', url: `${url}?limit=3` });
    expect(first.json().items.map((m: { body: string }) => m.body)).toEqual(['m2', 'm3', 'm4']);
    const older = await h.asVisitor(token, {
      method: 'GET',
      url: `${url}?limit=3&cursor=${first.json().nextCursor}`,
    });
    expect(older.json()).toMatchObject({ nextCursor: null });
    expect(older.json().items.map((m: { body: string }) => m.body)).toEqual(['m0', 'm1']);
  });

  it('refuses forged, wrong-algorithm, expired and unbounded identity tokens', async () => {
    const claims = { sub: 'user-42', exp: now() + 600 };
    const cases: [string, string][] = [
      ['bad_signature', signIdentityToken(claims, 'not the secret')],
      ['unsupported_alg', signIdentityToken(claims, secret, { alg: 'HS512', typ: 'JWT' })],
      [
        'unsupported_alg',
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`,
      ],
      ['expired', signIdentityToken({ sub: 'user-42', exp: now() - 3600 }, secret)],
      ['missing_exp', signIdentityToken({ sub: 'user-42' }, secret)],
      ['lifetime_too_long', signIdentityToken({ sub: 'user-42', exp: now() + 7 * 86400 }, secret)],
      ['malformed', 'not-a-json-web-token'],
    ];
    for (const [reason, identityToken] of cases) {
      const response = await h.startSession({ key, identityToken });
      expect(response.statusCode, reason).toBe(401);
      expect(response.json().error).toMatchObject({
        code: 'invalid_identity_token',
        details: { reason },
      });
    }
  });

  it('keeps an anonymous visitor out of an identified customer’s conversations', async () => {
    const identityToken = signIdentityToken(
      { sub: 'user-7', email: 'vip@example.com', name: 'VIP', exp: now() + 600 },
      secret,
    );
    const identified = await h.startSession({ key, identityToken });
    expect(identified.statusCode, identified.body).toBe(201);
    expect(identified.json().profile).toEqual({
      name: 'VIP',
      email: 'vip@example.com',
      identified: true,
    });
    const vipToken = identified.json().visitorToken as string;
    const { conversation } = await h.startChat(vipToken, 'private order question');

    const stranger = await h.anonymous(key);
    for (const [method, url, payload] of [
      ['GET', `/api/v1/widget/conversations/${conversation.id}`, undefined],
      ['GET', `/api/v1/widget/conversations/${conversation.id}/messages`, undefined],
      ['POST', `/api/v1/widget/conversations/${conversation.id}/messages`, { body: 'hi' }],
      ['POST', `/api/v1/widget/conversations/${conversation.id}/read`, undefined],
    ] as const) {
      const response = await h.asVisitor(stranger, { method, url, payload });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    // Typing the VIP's email in the pre-chat form attaches nothing of theirs.
    await h.startChat(stranger, 'hello', { preChat: { email: 'vip@example.com' } });
    const list = await h.asVisitor(stranger, {
      method: 'GET',
      url: '/api/v1/widget/conversations',
    });
    expect(list.json().items).toHaveLength(1);
    expect(list.body).not.toContain('private order question');
    // Without the identity token the identified session is not resumed (the site signed out).
    const resumedAnonymously = await h.startSession({ key, visitorToken: vipToken });
    expect(resumedAnonymously.json()).toMatchObject({ resumed: false });
    const again = await h.startSession({ key, visitorToken: vipToken, identityToken });
    expect(again.json()).toMatchObject({ resumed: true, visitorToken: vipToken });
    // A new device for the same user finds the same history.
    const otherDevice = await h.startSession({ key, identityToken });
    const history = await h.asVisitor(otherDevice.json().visitorToken, {
      method: 'GET',
      url: '/api/v1/widget/conversations',
    });
    expect(history.json().items.map((c: { id: string }) => c.id)).toEqual([conversation.id]);
  });

  it('refuses requests without a valid visitor token', async () => {
    const none = await h.inject({ method: 'GET', url: '/api/v1/widget/conversations' });
    expect(none.statusCode).toBe(401);
    const wrong = await h.asVisitor('wv_nonsense-token-that-does-not-exist', {
      method: 'GET',
      url: '/api/v1/widget/conversations',
    });
    expect(wrong.statusCode).toBe(401);
    // An agent's session cookie is no visitor token.
    const agent = await h.inject({
      method: 'GET',
      url: '/api/v1/widget/conversations',
      ...as(owner),
    });
    expect(agent.statusCode).toBe(401);
  });

  it('throttles anonymous sessions and new conversations per address', async () => {
    const address = '10.200.0.1';
    let last = await h.startSession({ key }, address);
    for (let i = 0; i < 40 && last.statusCode === 201; i += 1)
      last = await h.startSession({ key }, address);
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('rate_limited');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await h.startSession({ key }, '10.200.0.2')).statusCode).toBe(201);

    const token = await h.anonymous(key);
    const create = () =>
      h.inject({
        method: 'POST',
        url: '/api/v1/widget/conversations',
        payload: { message: { body: 'spam' } },
        remoteAddress: '10.200.0.3',
        headers: { authorization: `Bearer ${token}` },
      });
    let created = await create();
    for (let i = 0; i < 20 && created.statusCode === 201; i += 1) created = await create();
    expect(created.statusCode).toBe(429);
    expect(created.headers['retry-after']).toBeDefined();
  });

  it('lets a visitor attach only their own uploads, served through signed links', async () => {
    const token = await h.anonymous(key);
    const file = multipartFile('file', '发票.png', 'image/png', 'png bytes');
    const upload = await h.asVisitor(token, {
      method: 'POST',
      url: '/api/v1/widget/attachments',
      payload: file.payload,
      headers: file.headers,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const attachment = upload.json<{ id: string; url: string }>();
    const other = await h.anonymous(key);
    const stolen = await h.asVisitor(other, {
      method: 'POST',
      url: '/api/v1/widget/conversations',
      payload: { message: { attachmentIds: [attachment.id] } },
    });
    expect(stolen.statusCode).toBe(400);
    const { message } = await h.startChat(token, 'see file', {
      message: { body: 'see file', attachmentIds: [attachment.id] },
    });
    expect(message).toBeDefined();
    const download = await h.inject({ method: 'GET', url: attachment.url });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('png bytes');
    const tampered = await h.inject({
      method: 'GET',
      url: attachment.url.replace(/signature=[^&]+/, `signature=${'A'.repeat(43)}`),
    });
    expect(tampered.statusCode).toBe(404);
  });

  it('records read state on both sides', async () => {
    const token = await h.anonymous(key);
    const { conversation } = await h.startChat(token, 'hello');
    const seen = await h.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/seen`,
      ...as(owner),
    });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().agentLastReadAt).not.toBeNull();
    const view = await h.asVisitor(token, {
      method: 'GET',
      url: `/api/v1/widget/conversations/${conversation.id}`,
    });
    expect(view.json().agentLastReadAt).toBe(seen.json().agentLastReadAt);
    const read = await h.asVisitor(token, {
      method: 'POST',
      url: `/api/v1/widget/conversations/${conversation.id}/read`,
    });
    expect(read.json().visitorLastReadAt).not.toBeNull();
  });

  it('saves an email left for a follow-up', async () => {
    const token = await h.anonymous(key);
    const response = await h.asVisitor(token, {
      method: 'PATCH',
      url: '/api/v1/widget/profile',
      payload: { email: 'later@example.com' },
    });
    expect(response.json()).toEqual({
      name: null,
      email: 'later@example.com',
      identified: false,
    });
  });
});
