import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { Kefu } from '../../server.ts';
import { type SignedIn, as } from '../../test/harness.ts';

let address = 0;
/** A fresh client address, so tests do not share a throttle window. */
export const nextAddress = () => `10.1.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

/** Test helpers for the widget: admin settings, visitor sessions and visitor requests. */
export function widgetHelpers(kefu: () => Kefu) {
  const inject = (options: InjectOptions) => kefu().app.inject(options);
  const settings = async (owner: SignedIn) => {
    const response = await inject({ method: 'GET', url: '/api/v1/widget-settings', ...as(owner) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ publicKey: string; identitySecret: string }>();
  };
  const startSession = (payload: Record<string, unknown>, remoteAddress = nextAddress()) =>
    inject({ method: 'POST', url: '/api/v1/widget/session', payload, remoteAddress });
  const anonymous = async (key: string) => {
    const response = await startSession({ key });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ visitorToken: string }>().visitorToken;
  };
  const asVisitor = (token: string, options: InjectOptions) =>
    inject({
      remoteAddress: nextAddress(),
      ...options,
      headers: { ...options.headers, authorization: `Bearer ${token}` },
    });
  const startChat = async (token: string, body: string, extra: Record<string, unknown> = {}) => {
    const response = await asVisitor(token, {
      method: 'POST',
      url: '/api/v1/widget/conversations',
      payload: { message: { body }, ...extra },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ conversation: { id: string }; message: { id: string } }>();
  };
  const agentPost = async (
    owner: SignedIn,
    conversationId: string,
    body: string,
    visibility: 'public' | 'internal' = 'public',
  ) => {
    const response = await inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversationId}/messages`,
      payload: { body, visibility },
      ...as(owner),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>();
  };
  return { inject, settings, startSession, anonymous, asVisitor, startChat, agentPost };
}
