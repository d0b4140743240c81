import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../modules/auth/actor.ts';
import type { Permission } from '../modules/auth/policies.ts';
import type { Services } from '../services.ts';

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  services: Services;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * One API route: its method and path, who may call it, and the zod schemas that validate what
 * comes in and what goes out. The route table drives registration, the OpenAPI document and the
 * tenant and malformed-input test sweeps.
 */
type Access = 'public' | 'session' | Permission;
type ActorFor<A> = A extends 'public'
  ? null
  : A extends 'session'
    ? Extract<Actor, { kind: 'user' }>
    : Actor;

export interface RouteDefinition<
  P = unknown,
  Q = unknown,
  B = unknown,
  R extends Schema = Schema,
  A extends Access = Access,
> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  tag: string;
  /** `public`: anyone; `session`: a signed-in user (no API token); otherwise the permission needed. */
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: number;
  /** Raw bodies (uploads) skip JSON validation. */
  rawBody?: boolean;
  handler: (
    context: RouteContext<P, Q, B> & { actor: ActorFor<A> },
  ) => Promise<z.input<R> | z.output<R>>;
}

export type AnyRoute = RouteDefinition<
  Schema | undefined,
  Schema | undefined,
  Schema | undefined,
  Schema,
  Access
>;

/** Declares a route with full type inference from its schemas. */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema = Schema,
  A extends Access = Access,
>(route: RouteDefinition<P, Q, B, R, A>): AnyRoute {
  return route;
}
