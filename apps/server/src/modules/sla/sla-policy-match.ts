import type { SlaConditions } from '@kefu/contracts';

/** What policy conditions look at. */
export interface PolicyFacts {
  priority: string;
  channel: string;
  teamId: string | null;
  tier: string;
  /** Tag name keys (lower case). */
  tags: string[];
}

/** Whether every condition the policy sets holds (an empty or absent list matches anything). */
export function policyMatches(conditions: SlaConditions, facts: PolicyFacts): boolean {
  const holds = <T>(list: T[] | undefined, test: (value: T) => boolean) =>
    !list || list.length === 0 || list.some(test);
  return (
    holds(conditions.priorities, (p) => p === facts.priority) &&
    holds(conditions.channels, (c) => c === facts.channel) &&
    holds(conditions.teamIds, (t) => t === facts.teamId) &&
    holds(conditions.tiers, (t) => t === facts.tier) &&
    holds(conditions.tags, (t) => facts.tags.includes(t.trim().toLowerCase()))
  );
}

/**
 * The policy that applies: the first enabled one in list order whose conditions match
 * (metrics.md §2, "first policy in list order whose conditions match").
 *
 * @example firstMatchingPolicy([vipPolicy, defaultPolicy], facts) // vipPolicy for a VIP
 */
export function firstMatchingPolicy<P extends { enabled: boolean; conditions: SlaConditions }>(
  policies: P[],
  facts: PolicyFacts,
): P | null {
  return policies.find((p) => p.enabled && policyMatches(p.conditions, facts)) ?? null;
}
