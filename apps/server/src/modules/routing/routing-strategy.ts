import type { RoutingStrategy, SkillRequirement } from '../../db/schema-routing.ts';

/** An online agent of the team, as a routing decision sees them. */
export interface Candidate {
  userId: string;
  /** Open conversations per channel. */
  load: Record<string, number>;
  /** How many open conversations per channel the agent may have. */
  capacity: Record<string, number>;
  /** Epoch ms of routing's last assignment to them; null: never (idle longest). */
  lastAssignedAt: number | null;
  /** Skill id → level 1–10. */
  skills: Record<string, number>;
}

/** A waiting conversation, as a routing decision sees it. */
export interface Waiting {
  conversationId: string;
  channel: string;
  requiredSkills: SkillRequirement[];
  /** Epoch ms it joined the queue. */
  queuedAt: number;
  /** Agents who let an offer of it time out. */
  declinedBy: readonly string[];
  /** The agent who last served this customer (sticky routing). */
  previousAgentId: string | null;
}

export interface TeamPolicy {
  strategy: RoutingStrategy;
  /** Optional skills are dropped once the conversation waited this long; null: never. */
  skillRelaxSeconds: number | null;
}

export const hasRoom = (agent: Candidate, channel: string) =>
  (agent.load[channel] ?? 0) < (agent.capacity[channel] ?? 0);

/** Whether the agent has every skill the conversation needs now (optional ones until relaxed). */
export function meetsSkills(agent: Candidate, waiting: Waiting, policy: TeamPolicy, now: number) {
  const relaxed =
    policy.skillRelaxSeconds !== null && now - waiting.queuedAt >= policy.skillRelaxSeconds * 1000;
  return waiting.requiredSkills.every(
    (need) => (need.optional && relaxed) || (agent.skills[need.skillId] ?? 0) >= need.minLevel,
  );
}

/** Never assigned sorts first (idle longest), then the oldest assignment. */
const idleOrder = (a: Candidate, b: Candidate) =>
  (a.lastAssignedAt ?? -Infinity) - (b.lastAssignedAt ?? -Infinity) ||
  (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

/** The best accepted agent, in one pass: a drain decides often, so no arrays are built. */
function pickBest(
  agents: readonly Candidate[],
  accept: (agent: Candidate) => boolean,
  better: (a: Candidate, b: Candidate) => number,
) {
  let best: Candidate | null = null;
  for (const agent of agents)
    if (accept(agent) && (best === null || better(agent, best) < 0)) best = agent;
  return best;
}

/** Fewest open conversations on any channel; a tie goes to the agent idle longest. */
const balancedOrder = (a: Candidate, b: Candidate) =>
  totalLoad(a) - totalLoad(b) || idleOrder(a, b);

const totalLoad = (agent: Candidate) => {
  let sum = 0;
  for (const key in agent.load) sum += agent.load[key]!;
  return sum;
};

/**
 * Picks the agent for a waiting conversation under the team's strategy, or null when nobody
 * may take it now (manual teams, everyone full, away or without the skills).
 *
 * @example chooseAgent({ strategy: 'balanced', skillRelaxSeconds: null }, waiting, agents, Date.now())
 */
export function chooseAgent(
  policy: TeamPolicy,
  waiting: Waiting,
  candidates: readonly Candidate[],
  now: number,
): Candidate | null {
  if (policy.strategy === 'manual') return null;
  const withRoom = (agent: Candidate) => hasRoom(agent, waiting.channel);
  const fresh = (agent: Candidate) => withRoom(agent) && !waiting.declinedBy.includes(agent.userId);
  // Someone who let the offer lapse gets it again only when nobody else could take it.
  const eligible = waiting.declinedBy.length > 0 && !candidates.some(fresh) ? withRoom : fresh;
  switch (policy.strategy) {
    case 'round_robin':
      return pickBest(candidates, eligible, idleOrder);
    case 'balanced':
      return pickBest(candidates, eligible, balancedOrder);
    case 'skills':
      return pickBest(
        candidates,
        (agent) => eligible(agent) && meetsSkills(agent, waiting, policy, now),
        balancedOrder,
      );
    case 'sticky': {
      const previous = candidates.find(
        (agent) => agent.userId === waiting.previousAgentId && eligible(agent),
      );
      return previous ?? pickBest(candidates, eligible, balancedOrder);
    }
  }
}
