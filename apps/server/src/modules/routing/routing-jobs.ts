/** Job kinds of the routing engine; each is enqueued with an idempotency key, so it runs once. */
export const routingJobs = {
  /** An offer ran out: take the conversation back and offer it to someone else. */
  offerTimeout: 'routing.offer-timeout',
  /** A conversation waited past its team's overflow time: move it to the overflow team. */
  overflow: 'routing.overflow',
  /** Optional skills stop counting now: look at the team's queue again. */
  relax: 'routing.relax',
  /** An agent went offline (or their last tab closed): their open work goes back to the queue. */
  agentOffline: 'routing.agent-offline',
} as const;

/** Lower number = less urgent; the queue sorts by this first. */
export const priorityRank = { low: 0, normal: 1, high: 2, urgent: 3 } as const;
