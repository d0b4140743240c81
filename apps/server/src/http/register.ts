import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../lib/errors.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { authorize } from '../modules/auth/policies.ts';
import type { Services } from '../services.ts';
import type { AnyRoute } from './route.ts';

export const sessionCookie = 'kefu_session';
const csrfTokens = new WeakMap<FastifyRequest, string>();

/** The CSRF token of the session that authenticated this request. */
export const csrfTokenOf = (request: FastifyRequest) => csrfTokens.get(request) ?? '';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Turns the first zod issue into a person-readable error naming the field. */
export function validationError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = (issue?.path ?? []).map(String).join('.');
  const message =
    issue?.code === 'unrecognized_keys'
      ? `Unknown field: ${issue.keys.join(', ')}`
      : (issue?.message ?? 'Invalid input');
  return new AppError('validation_failed', field ? `${field}: ${message}` : message, {
    ...(field ? { field } : {}),
    details: {
      issues: error.issues
        .slice(0, 10)
        .map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    },
  });
}

function parse(schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** Authenticates a request by bearer token or session cookie; null when neither is present. */
async function authenticate(
  services: Services,
  request: FastifyRequest,
): Promise<{ actor: Actor; csrf: string | null } | null> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? await services.auth.authenticateApiToken(match[1]!, request.ip) : null;
    if (!actor) throw new AppError('unauthenticated', 'The API token is invalid or revoked');
    return { actor, csrf: null };
  }
  const cookie = request.cookies[sessionCookie];
  if (!cookie) return null;
  const session = await services.auth.authenticateSession(cookie, request.ip);
  return session ? { actor: session.actor, csrf: session.csrfToken } : null;
}

/** Runs a route's pipeline: authenticate, check CSRF, authorise, validate, handle, validate output. */
async function handle(
  route: AnyRoute,
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  let actor: Actor | null = null;
  let csrf: string | null = null;
  if (route.access !== 'public') {
    const auth = await authenticate(services, request);
    if (!auth) throw new AppError('unauthenticated', 'Sign in or send an API token');
    actor = auth.actor;
    csrf = auth.csrf;
    if (csrf !== null) csrfTokens.set(request, csrf);
    if (route.access === 'session' && actor.kind !== 'user')
      throw new AppError('forbidden', 'This needs a signed-in person, not an API token');
    // Cookie-authenticated changes must carry the session's CSRF token in a header that a
    // cross-site form or image cannot send.
    if (csrf !== null && !safeMethods.has(request.method)) {
      const given = request.headers['x-csrf-token'];
      if (!services.auth.checkCsrf(csrf, typeof given === 'string' ? given : undefined)) {
        throw new AppError(
          'csrf_failed',
          'The x-csrf-token header is missing or wrong; reload and try again',
        );
      }
    }
    if (route.access !== 'session') authorize(actor, route.access);
  }
  const params = parse(route.params, request.params);
  const query = parse(route.query, request.query ?? {});
  const body = route.rawBody ? request.body : parse(route.body, request.body);
  const result = await route.handler({
    params,
    query,
    body,
    services,
    request,
    reply,
    actor,
  });
  if (reply.sent) return reply;
  reply.status(route.status ?? 200);
  if (route.status === 204) return reply.send();
  return route.response.parse(result);
}

/** Registers the route table on Fastify. */
export function registerRoutes(app: FastifyInstance, routes: AnyRoute[], services: Services) {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: (request, reply) => handle(route, services, request, reply),
    });
  }
}

/** Parameters used by several routes. */
export const EmptyBody = z.strictObject({}).optional();
