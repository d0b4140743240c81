import type { FastifyInstance } from 'fastify';
import { type SignedIn, as, sessionFrom } from './harness.ts';

let counter = 0;

/** A fresh, unique email address for a test person. */
export function uniqueEmail(label = 'member'): string {
  counter += 1;
  return `${label}${counter}-${Date.now()}@example.com`;
}

export const memberPassword = 'member password 123';

/** Request options that authenticate with an API token (no cookie, so no CSRF header). */
export function bearer(token: string) {
  return { headers: { authorization: `Bearer ${token}` } };
}

/** Invites an email as `admin`; returns the created invitation with its one-time token. */
export async function invite(
  app: FastifyInstance,
  admin: SignedIn,
  input: { email?: string; role?: 'admin' | 'supervisor' | 'agent'; teamIds?: string[] } = {},
) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/invitations',
    payload: { email: input.email ?? uniqueEmail('invitee'), ...input },
    ...as(admin),
  });
  if (response.statusCode !== 201) throw new Error(`invite failed: ${response.body}`);
  return response.json<{ id: string; email: string; token: string; acceptUrl: string }>();
}

export function acceptInvitation(
  app: FastifyInstance,
  token: string,
  password = memberPassword,
  name = 'New Member',
) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    payload: { token, name, password },
  });
}

export function login(
  app: FastifyInstance,
  email: string,
  password = memberPassword,
  workspaceId?: string,
) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password, ...(workspaceId ? { workspaceId } : {}) },
  });
}

/**
 * Adds a member the way a person joins: invited, accepts, then signs in on their own. Returns
 * the session from that sign-in and the member's email.
 */
export async function addMember(
  app: FastifyInstance,
  admin: SignedIn,
  role: 'admin' | 'supervisor' | 'agent' = 'agent',
): Promise<SignedIn & { email: string }> {
  const invitation = await invite(app, admin, { role });
  const accepted = await acceptInvitation(app, invitation.token);
  if (accepted.statusCode !== 200) throw new Error(`accept failed: ${accepted.body}`);
  const signedIn = await login(app, invitation.email);
  if (signedIn.statusCode !== 200) throw new Error(`login failed: ${signedIn.body}`);
  return { ...sessionFrom(signedIn), email: invitation.email };
}

/** Creates an API token as a signed-in admin; returns its id and secret. */
export async function createApiToken(
  app: FastifyInstance,
  admin: SignedIn,
  scopes: string[],
  name = 'integration',
) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/api-tokens',
    payload: { name, scopes },
    ...as(admin),
  });
  if (response.statusCode !== 201) throw new Error(`token failed: ${response.body}`);
  return response.json<{ id: string; token: string; prefix: string }>();
}

/** The actions in the workspace's audit log, newest first (every page). */
export async function auditActions(app: FastifyInstance, admin: SignedIn): Promise<string[]> {
  const actions: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/audit-log?limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await app.inject({ method: 'GET', url, ...as(admin) });
    if (page.statusCode !== 200) throw new Error(`audit log failed: ${page.body}`);
    const body = page.json<{ items: { action: string }[]; nextCursor: string | null }>();
    actions.push(...body.items.map((item) => item.action));
    cursor = body.nextCursor;
  } while (cursor);
  return actions;
}
