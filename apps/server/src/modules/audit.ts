import type { Repositories } from '../repositories/index.ts';
import type { IdGenerator } from '../lib/ids.ts';
import { type Actor, actorRef } from './auth/actor.ts';

/** Writes one append-only audit entry for an administrative action, in the caller's transaction. */
export function writeAudit(
  repos: Repositories,
  deps: { ids: IdGenerator; now: Date },
  entry: {
    actor: Actor | null;
    workspaceId: string;
    action: string;
    targetType: string;
    targetId: string | null;
    data?: Record<string, unknown>;
  },
) {
  const actor = entry.actor;
  return repos.admin.insertAudit({
    id: deps.ids(),
    workspaceId: entry.workspaceId,
    actorType: actor === null ? 'system' : actor.kind === 'visitor' ? 'customer' : actor.kind,
    actorId: actor === null ? null : actorRef(actor).actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    data: entry.data ?? {},
    ip: actor?.ip ?? null,
    at: deps.now,
  });
}
