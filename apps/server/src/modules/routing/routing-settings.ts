import type { Channel } from '@kefu/contracts';
import type { SkillRequirement, RoutingStrategy } from '../../db/schema-routing.ts';

export const channels: Channel[] = ['chat', 'email', 'api', 'phone', 'wechat', 'wecom'];

/** Capacity when a workspace never set one: 1 call, 3 chats, 10 emails. */
export const builtInCapacity: Record<Channel, number> = {
  chat: 3,
  email: 10,
  phone: 1,
  api: 5,
  wechat: 3,
  wecom: 3,
};

/** The workspace default with the agent's own overrides on top, for every channel. */
export function effectiveCapacity(
  defaults: Record<string, number>,
  overrides: Record<string, number>,
): Record<Channel, number> {
  const result = { ...builtInCapacity };
  for (const channel of channels) {
    const own = overrides[channel] ?? defaults[channel];
    if (typeof own === 'number') result[channel] = own;
  }
  return result;
}

/** A team's routing row in the shape the engine and the API use. */
export function teamRoutingOf(row: {
  team_id: string;
  team_name: string;
  strategy: RoutingStrategy;
  offer_timeout_seconds: number | null;
  overflow_team_id: string | null;
  overflow_after_seconds: number | null;
  requeue_on_offline: boolean;
  required_skills: SkillRequirement[];
  skill_relax_seconds: number | null;
}) {
  return {
    teamId: row.team_id,
    teamName: row.team_name,
    strategy: row.strategy,
    offerTimeoutSeconds: row.offer_timeout_seconds,
    overflowTeamId: row.overflow_team_id,
    overflowAfterSeconds: row.overflow_after_seconds,
    requeueOnOffline: row.requeue_on_offline,
    requiredSkills: row.required_skills,
    skillRelaxSeconds: row.skill_relax_seconds,
  };
}
