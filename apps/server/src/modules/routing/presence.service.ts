import type { z } from 'zod';
import type { MyStatus, SetMyStatusBody } from '@kefu/contracts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { availabilityOf } from '../widget/availability.service.ts';
import type { RoutingLifecycle } from './routing-lifecycle.service.ts';

type User = Extract<Actor, { kind: 'user' }>;

/**
 * The agent's own status: online (routing may give them work), away (with a reason; keeps what
 * they have), offline (their open work may go back to the queue). Visitors' "agents online"
 * follows it: anything but online counts as away there.
 */
export class PresenceService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly lifecycle: RoutingLifecycle,
  ) {}

  async get(actor: User): Promise<MyStatus> {
    return this.deps.uow.read(async (repos) => {
      const [routing] = await repos.routing.agentRouting(actor.workspaceId, [actor.userId]);
      const [presence] = await repos.widget.presenceOf(actor.workspaceId, [actor.userId]);
      const settings = await repos.routing.settings(actor.workspaceId);
      return {
        status: routing?.status ?? 'online',
        awayReason: routing?.away_reason ?? null,
        connected: availabilityOf(
          presence ? { availability: 'online', last_seen_at: presence.last_seen_at } : undefined,
          this.deps.clock.now(),
        ).online,
        awayReasons: settings?.away_reasons ?? [],
        autoAwayMinutes: settings?.auto_away_minutes ?? 15,
      };
    });
  }

  async set(actor: User, input: z.output<typeof SetMyStatusBody>): Promise<MyStatus> {
    const reason = input.status === 'away' ? (input.awayReason ?? null) : null;
    const changed = await this.deps.uow.transaction(async (scope) => {
      const { repos } = scope;
      if (reason !== null) {
        const settings = await repos.routing.settings(actor.workspaceId);
        if (!(settings?.away_reasons ?? []).includes(reason))
          throw new AppError(
            'validation_failed',
            'awayReason: not one of the workspace’s away reasons',
            {
              field: 'awayReason',
            },
          );
      }
      const now = this.deps.clock.now();
      const before = await repos.routing.setStatus(
        actor.workspaceId,
        actor.userId,
        input.status,
        reason,
        now,
      );
      await repos.widget.setAvailability(
        actor.workspaceId,
        actor.userId,
        input.status === 'online' ? 'online' : 'away',
      );
      if (before === input.status) return false;
      await scope.emit({
        type: 'agent.status',
        workspaceId: actor.workspaceId,
        conversationId: null,
        internal: true,
        payload: { userId: actor.userId, status: input.status, awayReason: reason },
      });
      return true;
    });
    if (changed) await this.lifecycle.agentStatusChanged(actor.workspaceId, actor.userId);
    return this.get(actor);
  }
}
