import type { z } from 'zod';
import type { MyAvailability } from '@kefu/contracts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';

/** An agent counts as online for this long after their socket was last seen. */
export const onlineWindowMs = 2 * 60 * 1000;

type Availability = 'online' | 'away';

/**
 * What an agent's presence row means now: their chosen availability (online until they say
 * otherwise) and whether visitors count them as online.
 */
export function availabilityOf(
  row: { availability: Availability; last_seen_at: Date | string | null } | undefined,
  now: Date,
) {
  const availability = row?.availability ?? 'online';
  const lastSeen = row?.last_seen_at ? new Date(row.last_seen_at) : null;
  const recent = lastSeen !== null && now.getTime() - lastSeen.getTime() < onlineWindowMs;
  return {
    availability,
    online: availability === 'online' && recent,
    lastSeenAt: lastSeen ? lastSeen.toISOString() : null,
  };
}
type User = Extract<Actor, { kind: 'user' }>;

/**
 * Agent availability: what the agent chose (online or away) and whether they are connected.
 * Live agent sockets refresh `last_seen_at` every minute, so any node can answer "is anyone
 * online?" from the database.
 */
export class AvailabilityService {
  constructor(private readonly deps: ServiceDeps) {}

  async get(actor: User): Promise<z.output<typeof MyAvailability>> {
    const rows = await this.deps.uow.read((repos) =>
      repos.widget.presenceOf(actor.workspaceId, [actor.userId]),
    );
    return this.present(rows[0]);
  }

  async set(actor: User, availability: Availability): Promise<z.output<typeof MyAvailability>> {
    await this.deps.uow.transaction(({ repos }) =>
      repos.widget.setAvailability(actor.workspaceId, actor.userId, availability),
    );
    return this.get(actor);
  }

  /** Called by the agent socket on connect and while it lives. */
  async touch(workspaceId: string, userId: string): Promise<void> {
    await this.deps.uow.transaction(({ repos }) =>
      repos.widget.touchAgent(workspaceId, userId, this.deps.clock.now()),
    );
  }

  anyOnline(workspaceId: string): Promise<boolean> {
    const since = new Date(this.deps.clock.now().getTime() - onlineWindowMs);
    return this.deps.uow.read((repos) => repos.widget.anyAgentOnline(workspaceId, since));
  }

  private present(
    row: { availability: Availability; last_seen_at: Date | string | null } | undefined,
  ) {
    return availabilityOf(row, this.deps.clock.now());
  }
}
