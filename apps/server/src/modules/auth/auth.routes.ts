import {
  AcceptInvitationBody,
  IdParams,
  LoginBody,
  Ok,
  PasswordChangeBody,
  SessionInfo,
  SessionSummary,
  SignupBody,
} from '@kefu/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { csrfTokenOf, sessionCookie } from '../../http/register.ts';
import { defineRoute } from '../../http/route.ts';
import type { Services } from '../../services.ts';

const meta = (request: FastifyRequest) => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
});

/** Sets the session cookie and answers with the session, as sign-up, login and acceptance do. */
async function signedIn(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  session: {
    token: string;
    csrfToken: string;
    userId: string;
    workspaceId: string;
    expiresAt: Date;
  },
) {
  reply.setCookie(sessionCookie, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires: session.expiresAt,
  });
  return services.auth.sessionInfo(session, session.csrfToken);
}

export const authRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/v1/auth/signup',
    summary: 'Create a workspace and its owner, and sign in',
    tag: 'auth',
    access: 'public',
    body: SignupBody,
    response: SessionInfo,
    status: 201,
    handler: async ({ body, services, request, reply }) =>
      signedIn(services, request, reply, await services.auth.signup(body, meta(request))),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/auth/login',
    summary: 'Sign in with email and password',
    tag: 'auth',
    access: 'public',
    body: LoginBody,
    response: SessionInfo,
    handler: async ({ body, services, request, reply }) =>
      signedIn(services, request, reply, await services.auth.login(body, meta(request))),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/invitations/accept',
    summary: 'Accept an invitation and sign in',
    tag: 'auth',
    access: 'public',
    body: AcceptInvitationBody,
    response: SessionInfo,
    handler: async ({ body, services, request, reply }) =>
      signedIn(services, request, reply, await services.auth.acceptInvitation(body, meta(request))),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/auth/session',
    summary: 'The signed-in user, workspace, role and CSRF token',
    tag: 'auth',
    access: 'session',
    response: SessionInfo,
    handler: async ({ services, actor, request }) =>
      services.auth.sessionInfo(actor, csrfTokenOf(request)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/auth/logout',
    summary: 'Sign out (revokes this session)',
    tag: 'auth',
    access: 'session',
    response: z.null(),
    status: 204,
    handler: async ({ services, actor, reply }) => {
      await services.auth.logout(actor);
      reply.clearCookie(sessionCookie, { path: '/' });
      return null;
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/auth/password',
    summary: 'Change your password (signs out your other sessions)',
    tag: 'auth',
    access: 'session',
    body: PasswordChangeBody,
    response: Ok,
    handler: async ({ services, actor, body }) => {
      await services.auth.changePassword(actor, body);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/auth/sessions',
    summary: 'Your active sessions',
    tag: 'auth',
    access: 'session',
    response: z.object({ items: z.array(SessionSummary) }),
    handler: async ({ services, actor }) => ({ items: await services.auth.listSessions(actor) }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/auth/sessions/:id',
    summary: 'Revoke one of your sessions',
    tag: 'auth',
    access: 'session',
    params: IdParams,
    response: z.null(),
    status: 204,
    handler: async ({ services, actor, params }) => {
      await services.auth.revokeSession(actor, params.id);
      return null;
    },
  }),
];
