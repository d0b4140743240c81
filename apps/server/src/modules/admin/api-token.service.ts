import type { z } from 'zod';
import type { CreateApiTokenBody } from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import { hashSecret, randomSecret } from '../../lib/secrets.ts';
import type { Actor } from '../auth/actor.ts';
import type { UserActor } from '../auth/auth.service.ts';
import { isAdmin } from '../auth/policies.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentApiToken } from './admin.presenter.ts';
import { recordChange } from './record-change.ts';

/** The first characters of a secret, stored in clear so people can tell their tokens apart. */
const prefixLength = 12;

/** API tokens for integrations: scoped, shown once, revocable. */
export class ApiTokenService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor) {
    const rows = await this.deps.uow.read((repos) => repos.auth.listApiTokens(actor.workspaceId));
    return rows.map(presentApiToken);
  }

  /**
   * Creates a token and returns its secret once. Only a signed-in owner or admin may: the route
   * refuses API tokens, and this check holds even if a route forgets, so a leaked token can
   * never mint more tokens.
   */
  async create(actor: UserActor, input: z.output<typeof CreateApiTokenBody>) {
    if (!isAdmin(actor.role)) {
      throw new AppError('forbidden', 'Only owners and admins can create API tokens');
    }
    const secret = randomSecret(32, 'kefu_');
    return this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.auth.insertApiToken({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        name: input.name,
        prefix: secret.slice(0, prefixLength),
        tokenHash: hashSecret(secret),
        scopes: [...new Set(input.scopes)],
        createdBy: actor.userId,
      });
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'api_token.created',
        targetType: 'api_token',
        targetId: row.id,
        data: { name: row.name, prefix: row.prefix, scopes: row.scopes },
      });
      return { ...presentApiToken(row), token: secret };
    });
  }

  /** Revokes a token at once; revoking one already revoked changes nothing. */
  async revoke(actor: Actor, id: string) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const now = this.deps.clock.now();
      const revoked = await repos.auth.revokeApiToken(actor.workspaceId, id, now);
      if (revoked) {
        await recordChange(repos, { ids: this.deps.ids, now }, actor, {
          action: 'api_token.revoked',
          targetType: 'api_token',
          targetId: id,
          data: { name: revoked.name, prefix: revoked.prefix },
        });
      } else if (!(await repos.auth.findApiToken(actor.workspaceId, id))) {
        throw notFound('API token');
      }
    });
  }
}
