import type { KbArticle, KbArticleSummary, KbSearchHit, KbVersion } from '@kefu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { addMember, auditActions } from '../../test/members.ts';
import { multipartFile } from '../../test/multipart.ts';
import { knowledgeClient, workspaceSlug } from './knowledge-test-helpers.ts';

describe.each(databaseKinds)('knowledge base API on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let supervisor: SignedIn;
  let agent: SignedIn;
  let other: SignedIn;

  beforeAll(async () => {
    kefu = await startTestKefu(kind);
    owner = await signUp(kefu.app, 'Knowledge');
    supervisor = await addMember(kefu.app, owner, 'supervisor');
    agent = await addMember(kefu.app, owner, 'agent');
    other = await signUp(kefu.app, 'Elsewhere');
  });
  afterAll(() => kefu.close());

  it('keeps drafts apart from the published version, records every publication, restores one', async () => {
    const kb = knowledgeClient(kefu, supervisor);
    const category = await kb.category({ en: { name: 'Shipping' }, 'zh-CN': { name: '配送' } });
    const created = await kb.article({
      categoryId: category.id,
      locale: 'en',
      title: 'Delivery times',
      bodyHtml: '<p>Orders arrive in 3 days.</p>',
      questions: ['How long does delivery take?'],
    });
    expect(created.translations).toEqual([
      expect.objectContaining({ locale: 'en', status: 'draft', published: null }),
    ]);

    const v1 = await kb.publish(created.id, 'en');
    expect(v1.translations[0]).toMatchObject({
      status: 'published',
      published: {
        title: 'Delivery times',
        version: 1,
        bodyHtml: '<p>Orders arrive in 3 days.</p>',
      },
    });

    const edited = await kb.saveDraft(created.id, {
      locale: 'en',
      title: 'Delivery times',
      bodyHtml: '<p>Orders arrive in 2 days.</p>',
    });
    expect(edited.translations[0]).toMatchObject({
      status: 'changed',
      draft: { bodyHtml: '<p>Orders arrive in 2 days.</p>' },
      published: { bodyHtml: '<p>Orders arrive in 3 days.</p>', version: 1 },
    });
    await kb.publish(created.id, 'en');
    await kb.saveDraft(created.id, { locale: 'zh-CN', title: '配送时间', bodyHtml: '<p>3 天</p>' });
    await kb.publish(created.id, 'zh-CN');

    const versions = await kb.call<{ items: KbVersion[] }>(
      'GET',
      `/articles/${created.id}/versions?locale=en`,
    );
    expect(versions.items.map((v) => [v.version, v.bodyHtml])).toEqual([
      [2, '<p>Orders arrive in 2 days.</p>'],
      [1, '<p>Orders arrive in 3 days.</p>'],
    ]);
    expect(versions.items[0]!.publishedBy).toBe(supervisor.userId);

    const restored = await kb.call<KbArticle>(
      'POST',
      `/articles/${created.id}/versions/${versions.items[1]!.id}/restore`,
    );
    const en = restored.translations.find((t) => t.locale === 'en')!;
    expect(en).toMatchObject({
      status: 'changed',
      draft: { bodyHtml: '<p>Orders arrive in 3 days.</p>' },
      published: { bodyHtml: '<p>Orders arrive in 2 days.</p>', version: 2 },
    });
    const republished = await kb.publish(created.id, 'en');
    expect(republished.translations.find((t) => t.locale === 'en')!.published!.version).toBe(3);

    const list = await kb.call<{ items: KbArticleSummary[] }>(
      'GET',
      `/articles?categoryId=${category.id}`,
    );
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.translations.map((t) => [t.locale, t.status])).toEqual([
      ['en', 'published'],
      ['zh-CN', 'published'],
    ]);

    const unpublished = await kb.call<KbArticle>('POST', `/articles/${created.id}/unpublish`, {
      locale: 'zh-CN',
    });
    expect(unpublished.translations.find((t) => t.locale === 'zh-CN')).toMatchObject({
      status: 'draft',
      published: null,
    });
    const actions = await auditActions(kefu.app, owner);
    expect(actions).toEqual(
      expect.arrayContaining([
        'kb_category.created',
        'kb_article.created',
        'kb_article.published',
        'kb_article.version_restored',
        'kb_article.unpublished',
      ]),
    );
  });

  it('stores article HTML sanitized: no script, event handler, javascript: URL or foreign image', async () => {
    const kb = knowledgeClient(kefu, supervisor);
    const slug = await workspaceSlug(kefu, supervisor);
    const ownImage = `/help/${slug}/files/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b`;
    const article = await kb.article({
      locale: 'en',
      title: 'Unsafe input',
      bodyHtml: [
        '<h1>Title</h1><p onclick="steal()">Hello<script>alert(1)</script></p>',
        '<img src="x" onerror="alert(2)"><img src="https://cdn.example.com/a.png" alt="ok">',
        `<img src="${ownImage}" alt="own">`,
        '<a href="javascript:alert(3)">bad link</a><a href="https://example.com">good</a>',
        '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
        '<svg><animate onbegin="alert(4)"></animate></svg><form action="/x"><input></form>',
      ].join(''),
      publish: true,
    });
    const body = article.translations[0]!.published!.bodyHtml;
    expect(body).not.toMatch(
      /script|onerror|onclick|onbegin|javascript:|iframe|<style|<svg|<form/i,
    );
    expect(body).toContain('<h2>Title</h2>');
    expect(body).toContain('<img alt="ok" src="https://cdn.example.com/a.png" />');
    expect(body).toContain(`<img alt="own" src="${ownImage}" />`);
    expect(body).not.toContain('src="x"');
    expect(body).toContain('<a rel="noopener noreferrer">bad link</a>');
    expect(body).toContain('<a href="https://example.com" rel="noopener noreferrer">good</a>');
    expect(body).not.toContain('display:none');
  });

  it('lets every agent read, internal articles too, and only supervisors and above change', async () => {
    const kb = knowledgeClient(kefu, supervisor);
    const internal = await kb.article({
      locale: 'en',
      title: 'Refund override procedure',
      bodyHtml: '<p>Ask a supervisor to approve the override.</p>',
      visibility: 'internal',
      publish: true,
    });
    const asAgent = knowledgeClient(kefu, agent);
    const read = await asAgent.call<KbArticle>('GET', `/articles/${internal.id}`);
    expect(read.visibility).toBe('internal');
    const found = await asAgent.call<{ items: KbSearchHit[] }>(
      'GET',
      `/search?q=${encodeURIComponent('refund override')}&locale=en`,
    );
    expect(found.items[0]).toMatchObject({ articleId: internal.id, url: null });

    for (const [method, url, payload] of [
      ['POST', '/articles', { locale: 'en', title: 'Nope' }],
      ['PUT', `/articles/${internal.id}/draft`, { locale: 'en', title: 'x', bodyHtml: '' }],
      ['POST', `/articles/${internal.id}/publish`, { locale: 'en' }],
      ['DELETE', `/articles/${internal.id}`, undefined],
      ['POST', '/categories', { translations: { en: { name: 'x' } } }],
    ] as const) {
      const response = await kefu.app.inject({
        method,
        url: `/api/v1/knowledge${url}`,
        ...(payload ? { payload } : {}),
        ...as(agent),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('forbidden');
    }
  });

  it('refuses bad input with a code and field, and writes nothing', async () => {
    const kb = knowledgeClient(kefu, owner);
    const before = await kb.call<{ items: unknown[] }>('GET', '/articles');
    const cases: [string, string, unknown, string][] = [
      ['POST', '/articles', { locale: 'english', title: 'x' }, 'locale'],
      ['POST', '/articles', { locale: 'en', title: '   ' }, 'title'],
      [
        'POST',
        '/articles',
        { locale: 'en', title: 'x', audienceTiers: ['gold'] },
        'audienceTiers.0',
      ],
      [
        'POST',
        '/articles',
        { locale: 'en', title: 'x', categoryId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' },
        'categoryId',
      ],
      ['POST', '/categories', { translations: {} }, 'translations'],
    ];
    for (const [method, url, payload, field] of cases) {
      const response = await kefu.app.inject({
        method: method as 'POST',
        url: `/api/v1/knowledge${url}`,
        payload: payload as object,
        ...as(owner),
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const error = response.json<{ error: { code: string; field?: string } }>().error;
      expect(error).toMatchObject({ code: 'validation_failed', field });
    }
    expect((await kb.call<{ items: unknown[] }>('GET', '/articles')).items).toHaveLength(
      before.items.length,
    );
  });

  it('accepts raster images for articles and serves them on the help center; refuses SVG', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const upload = async (name: string, type: string, content: Buffer | string) => {
      const file = multipartFile('file', name, type, content);
      return kefu.app.inject({
        method: 'POST',
        url: '/api/v1/knowledge/files',
        payload: file.payload,
        headers: { ...as(supervisor).headers, ...file.headers },
      });
    };
    const ok = await upload('pixel.png', 'image/png', png);
    expect(ok.statusCode, ok.body).toBe(201);
    const { url } = ok.json<{ url: string }>();
    const served = await kefu.app.inject({ method: 'GET', url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(png)).toBe(true);

    const svg = await upload('x.svg', 'image/svg+xml', '<svg onload="alert(1)"/>');
    expect(svg.statusCode).toBe(415);
    // Another workspace's help center does not serve it.
    const otherSlug = await workspaceSlug(kefu, other);
    const id = url.split('/').pop()!;
    const foreign = await kefu.app.inject({ method: 'GET', url: `/help/${otherSlug}/files/${id}` });
    expect(foreign.statusCode).toBe(404);
  });

  it('keeps workspaces apart: another workspace can neither read nor change an article', async () => {
    const kb = knowledgeClient(kefu, supervisor);
    const article = await kb.article({ locale: 'en', title: 'Private to us', publish: true });
    const theirs = knowledgeClient(kefu, other);
    await theirs.call('GET', `/articles/${article.id}`, undefined, 404);
    await theirs.call(
      'PUT',
      `/articles/${article.id}/draft`,
      { locale: 'en', title: 'x', bodyHtml: '' },
      404,
    );
    await theirs.call('POST', `/articles/${article.id}/publish`, { locale: 'en' }, 404);
    await theirs.call('DELETE', `/articles/${article.id}`, undefined, 404);
    const list = await theirs.call<{ items: unknown[] }>('GET', '/articles');
    expect(list.items).toEqual([]);
    const search = await theirs.call<{ items: unknown[] }>('GET', '/search?q=private');
    expect(search.items).toEqual([]);
    const still = await kb.call<KbArticle>('GET', `/articles/${article.id}`);
    expect(still.translations[0]!.published!.title).toBe('Private to us');
  });
});
