import type { z } from 'zod';
import type { CreateVisitorSessionBody, VisitorProfile, VisitorSession } from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import { hashSecret, randomSecret } from '../../lib/secrets.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import { identityKey } from '../customers/identity.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { type VisitorIdentity, verifyIdentityToken } from './identity-token.ts';
import { SlidingWindowLimiter } from './rate-limiter.ts';

export type VisitorActor = Extract<Actor, { kind: 'visitor' }>;

/** An anonymous visitor's token lives this long after its last use. */
const anonymousLifetimeMs = 90 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often per visitor. */
const touchEveryMs = 5 * 60 * 1000;
const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

export interface VisitorLimits {
  /** Anonymous sessions per address per window. */
  sessions: number;
  /** Conversations per address per window. */
  conversations: number;
  windowMs: number;
}
export const defaultVisitorLimits: VisitorLimits = {
  sessions: 30,
  conversations: 10,
  windowMs: 10 * 60 * 1000,
};

/** Throws `rate_limited` with the wait in `details.retryAfterSeconds` when the window is full. */
export function throttle(limiter: SlidingWindowLimiter, key: string, what: string) {
  const wait = limiter.take(key);
  if (wait > 0)
    throw new AppError('rate_limited', `Too many ${what} from this address; try again shortly`, {
      details: { retryAfterSeconds: wait },
    });
}

/**
 * Whether `pageUrl` may embed the widget under the allowed origins (empty: any page). An entry
 * `https://*.example.com` allows the subdomains of example.com, as CSP `frame-ancestors` does.
 */
export function isAllowedPage(allowedOrigins: string[], pageUrl: string | undefined): boolean {
  if (allowedOrigins.length === 0) return true;
  if (!pageUrl) return false;
  let origin: string;
  try {
    origin = new URL(pageUrl).origin.toLowerCase();
  } catch {
    return false;
  }
  return allowedOrigins.some((allowed) => {
    const wildcard = /^(https?:\/\/)\*\.(.+)$/.exec(allowed);
    if (!wildcard) return allowed === origin;
    const [, scheme, rest] = wildcard;
    return origin.startsWith(scheme!) && origin.slice(scheme!.length).endsWith(`.${rest}`);
  });
}

/**
 * Widget sessions: anonymous visitors, returning ones, and visitors a site vouches for with a
 * signed identity token. A session is an opaque bearer token bound to one customer; the server
 * keeps only its hash.
 */
export class VisitorSessionService {
  private readonly sessionLimiter: SlidingWindowLimiter;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly customers: CustomerService,
    limits: VisitorLimits = defaultVisitorLimits,
  ) {
    this.sessionLimiter = new SlidingWindowLimiter(limits.sessions, limits.windowMs, () =>
      this.deps.clock.now().getTime(),
    );
  }

  async start(
    input: z.output<typeof CreateVisitorSessionBody>,
    ip: string,
  ): Promise<VisitorSession> {
    const settings = await this.deps.uow.read((repos) => repos.widget.findSettingsByKey(input.key));
    if (!settings || !settings.enabled) throw notFound('Widget');
    if (!isAllowedPage(settings.allowed_origins, input.pageUrl))
      throw new AppError('forbidden', 'This site is not allowed to embed the chat widget', {
        field: 'pageUrl',
      });
    const now = this.deps.clock.now();
    const identity = input.identityToken
      ? verifyIdentityToken(input.identityToken, settings.identity_secret, now)
      : null;
    const workspaceId = settings.workspace_id;
    if (input.visitorToken) {
      const resumed = await this.resume(workspaceId, input.visitorToken, identity);
      if (resumed) return resumed;
    }
    // Identified sessions are vouched for by the site; only anonymous ones are throttled.
    if (!identity) throttle(this.sessionLimiter, ip, 'new chat sessions');
    const token = randomSecret(32, 'wv_');
    const expiresAt = identity?.expiresAt ?? new Date(now.getTime() + anonymousLifetimeMs);
    const customerId = await this.deps.uow.transaction(async ({ repos }) => {
      const visitorId = this.deps.ids();
      const id = identity
        ? await this.identifiedCustomer(repos, workspaceId, identity)
        : await this.customers.insertCustomer(repos, workspaceId, {
            name: null,
            locale: input.locale ?? null,
            identities: [{ kind: 'visitor', value: visitorId }],
          });
      await repos.widget.insertVisitor({
        id: visitorId,
        workspaceId,
        customerId: id,
        tokenHash: hashSecret(token),
        externalId: identity?.externalId ?? null,
        ip,
        at: now,
        expiresAt,
      });
      return id;
    });
    return {
      visitorToken: token,
      expiresAt: expiresAt.toISOString(),
      resumed: false,
      profile: await this.profile(workspaceId, customerId, identity !== null),
    };
  }

  /**
   * The same visitor again, if the token is valid for this workspace and matches the identity
   * now presented: an identified session resumes only with a token for the same user (a site
   * that stops sending one has signed its user out), an anonymous one only without a token.
   */
  private async resume(
    workspaceId: string,
    token: string,
    identity: VisitorIdentity | null,
  ): Promise<VisitorSession | null> {
    const now = this.deps.clock.now();
    const visitor = await this.deps.uow.read((repos) =>
      repos.widget.findVisitorByTokenHash(hashSecret(token), now),
    );
    if (!visitor || visitor.workspace_id !== workspaceId) return null;
    if ((visitor.external_id ?? null) !== (identity?.externalId ?? null)) return null;
    const customerId = await this.currentCustomer(workspaceId, visitor);
    if (!customerId) return null;
    const expiresAt = identity?.expiresAt ?? new Date(now.getTime() + anonymousLifetimeMs);
    await this.deps.uow.transaction(({ repos }) =>
      repos.widget.touchVisitor(visitor.id, now, expiresAt),
    );
    return {
      visitorToken: token,
      expiresAt: expiresAt.toISOString(),
      resumed: true,
      profile: await this.profile(workspaceId, customerId, identity !== null),
    };
  }

  /**
   * The customer a site's user id belongs to: the one with that external id, else the one with
   * the (site-verified) email, else a new one.
   */
  private async identifiedCustomer(
    repos: Repositories,
    workspaceId: string,
    identity: VisitorIdentity,
  ): Promise<string> {
    const external = { kind: 'external' as const, value: identity.externalId };
    const email =
      identity.email && looksLikeEmail(identity.email)
        ? { kind: 'email' as const, value: identity.email }
        : null;
    const byExternal = await repos.customers.findIdentity(
      workspaceId,
      'external',
      identityKey('external', external.value),
    );
    if (byExternal) return byExternal.customer_id;
    const byEmail = email
      ? await repos.customers.findIdentity(workspaceId, 'email', identityKey('email', email.value))
      : undefined;
    if (byEmail) {
      await repos.customers.insertIdentity({
        id: this.deps.ids(),
        workspaceId,
        customerId: byEmail.customer_id,
        kind: 'external',
        value: external.value,
        valueKey: identityKey('external', external.value),
      });
      return byEmail.customer_id;
    }
    return this.customers.insertCustomer(repos, workspaceId, {
      name: identity.name,
      identities: email ? [external, email] : [external],
    });
  }

  /**
   * The visitor's customer now. A merged anonymous visitor starts afresh rather than following
   * the merge: an agent's merge must never hand someone else's history to an unverified browser.
   */
  private async currentCustomer(
    workspaceId: string,
    visitor: { customer_id: string; external_id: string | null },
  ): Promise<string | null> {
    const customer = await this.deps.uow.read((repos) =>
      repos.customers.find(workspaceId, visitor.customer_id),
    );
    if (!customer) return null;
    if (!customer.merged_into_id) return customer.id;
    return visitor.external_id ? customer.merged_into_id : null;
  }

  /**
   * The visitor behind a bearer token, or null when it is unknown, expired or its anonymous
   * customer was merged away. `enabled` is false when the workspace turned the widget off.
   */
  async authenticate(
    token: string,
    ip: string | null,
  ): Promise<{ actor: VisitorActor; enabled: boolean } | null> {
    const now = this.deps.clock.now();
    const visitor = await this.deps.uow.read((repos) =>
      repos.widget.findVisitorByTokenHash(hashSecret(token), now),
    );
    if (!visitor) return null;
    const customerId = await this.currentCustomer(visitor.workspace_id, visitor);
    if (!customerId) return null;
    if (now.getTime() - new Date(visitor.last_seen_at).getTime() > touchEveryMs) {
      const expiresAt = visitor.external_id ? null : new Date(now.getTime() + anonymousLifetimeMs);
      await this.deps.uow.transaction(({ repos }) =>
        repos.widget.touchVisitor(visitor.id, now, expiresAt),
      );
    }
    return {
      actor: {
        kind: 'visitor',
        visitorId: visitor.id,
        customerId,
        workspaceId: visitor.workspace_id,
        identified: visitor.external_id !== null,
        ip,
      },
      enabled: visitor.enabled,
    };
  }

  /** Like authenticate, for HTTP: 401 without a valid token, 403 when the widget is off. */
  async require(authorization: string | undefined, ip: string): Promise<VisitorActor> {
    const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    const result = match ? await this.authenticate(match[1]!, ip) : null;
    if (!result)
      throw new AppError('unauthenticated', 'The chat session has ended; start a new one');
    if (!result.enabled) throw new AppError('forbidden', 'The chat widget is turned off');
    return result.actor;
  }

  async profile(
    workspaceId: string,
    customerId: string,
    identified: boolean,
  ): Promise<VisitorProfile> {
    return this.deps.uow.read(async (repos) => {
      const customer = await repos.customers.find(workspaceId, customerId);
      const identities = await repos.customers.identitiesFor([customerId]);
      const unverified = customer?.attributes.unverifiedEmail;
      return {
        name: customer?.name ?? null,
        email:
          identities.find((i) => i.kind === 'email')?.value ??
          (typeof unverified === 'string' ? unverified : null),
        identified,
      };
    });
  }
}
