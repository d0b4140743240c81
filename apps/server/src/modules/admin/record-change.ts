import type { IdGenerator } from '../../lib/ids.ts';
import type { Repositories } from '../../repositories/index.ts';
import { writeAudit } from '../audit.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * Writes the audit entry for an administrative change by `actor` in their workspace, inside the
 * caller's transaction so the change and its record commit or roll back together.
 */
export function recordChange(
  repos: Repositories,
  deps: { ids: IdGenerator; now: Date },
  actor: Actor,
  change: { action: string; targetType: string; targetId: string; data?: Record<string, unknown> },
) {
  return writeAudit(repos, deps, { actor, workspaceId: actor.workspaceId, ...change });
}
