import type { KbArticle, KbCategory } from '@kefu/contracts';
import { expect } from 'vitest';
import type { Kefu } from '../../server.ts';
import { type SignedIn, as } from '../../test/harness.ts';

/** Requests against the knowledge API as one person, failing the test on an unexpected status. */
export function knowledgeClient(kefu: Kefu, who: SignedIn) {
  const call = async <T>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    status = method === 'POST' && !url.includes('/articles/') ? 201 : 200,
  ) => {
    const response = await kefu.app.inject({
      method,
      url: `/api/v1/knowledge${url}`,
      ...(payload === undefined ? {} : { payload: payload as object }),
      ...as(who),
    });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
    return response.statusCode === 204 ? (undefined as T) : response.json<T>();
  };
  return {
    call,
    category: (translations: Record<string, { name: string; description?: string }>) =>
      call<KbCategory>('POST', '/categories', { translations }),
    article: (input: Record<string, unknown>) => call<KbArticle>('POST', '/articles', input),
    publish: (id: string, locale: string) =>
      call<KbArticle>('POST', `/articles/${id}/publish`, { locale }),
    saveDraft: (id: string, input: Record<string, unknown>) =>
      call<KbArticle>('PUT', `/articles/${id}/draft`, input),
  };
}

/** The workspace's URL slug, which addresses its public help center. */
export async function workspaceSlug(kefu: Kefu, who: SignedIn): Promise<string> {
  const response = await kefu.app.inject({
    method: 'GET',
    url: '/api/v1/auth/session',
    ...as(who),
  });
  return response.json<{ workspace: { slug: string } }>().workspace.slug;
}
