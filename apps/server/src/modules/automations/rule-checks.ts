import type { AutomationAction } from '@kefu/contracts';
import { AppError } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import { type WebhookTargetPolicy, checkWebhookUrl } from './webhook-target.ts';

/**
 * Checks a rule's or macro's actions when it is saved: agents and teams it names must exist,
 * webhook targets must be allowed (they are checked again when sent).
 */
export async function checkActions(
  repos: Repositories,
  workspaceId: string,
  actions: AutomationAction[],
  webhooks: WebhookTargetPolicy,
) {
  for (const [index, action] of actions.entries()) {
    const field = `actions.${index}`;
    if (action.type === 'assign' && action.assigneeId) {
      const active = await repos.workspaces.activeMemberIds(workspaceId, [action.assigneeId]);
      if (!active.has(action.assigneeId))
        throw new AppError(
          'validation_failed',
          `${field}.assigneeId: no active agent with this id`,
          {
            field: `${field}.assigneeId`,
          },
        );
    }
    if (action.type === 'set_team' && action.teamId) {
      const teams = await repos.admin.existingTeamIds(workspaceId, [action.teamId]);
      if (!teams.has(action.teamId))
        throw new AppError('validation_failed', `${field}.teamId: no such team`, {
          field: `${field}.teamId`,
        });
    }
    if (action.type === 'webhook') checkWebhookUrl(action.url, `${field}.url`, webhooks);
  }
}
