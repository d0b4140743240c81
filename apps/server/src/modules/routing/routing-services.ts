import type { JobRunner } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { PresenceService } from './presence.service.ts';
import { QueuePositionService } from './queue-position.service.ts';
import { RoutingAdminService } from './routing-admin.service.ts';
import { RoutingEngine } from './routing-engine.service.ts';
import { RoutingLifecycle } from './routing-lifecycle.service.ts';
import { routingJobs } from './routing-jobs.ts';

/** Builds the routing services and registers their jobs on the runner. */
export function createRoutingServices(deps: ServiceDeps, jobs: JobRunner) {
  const wake = () => jobs.wake();
  const engine = new RoutingEngine(deps, wake);
  const lifecycle = new RoutingLifecycle(deps, engine, wake);
  jobs.register({ kind: routingJobs.offerTimeout, run: (job) => lifecycle.offerTimedOut(job) });
  jobs.register({ kind: routingJobs.overflow, run: (job) => lifecycle.overflowed(job) });
  jobs.register({ kind: routingJobs.agentOffline, run: (job) => lifecycle.agentWentOffline(job) });
  jobs.register({
    kind: routingJobs.relax,
    run: async (job) => {
      const { workspaceId, teamId } = job.payload as { workspaceId: string; teamId: string };
      await engine.drainTeam(workspaceId, teamId);
    },
  });
  return {
    engine,
    lifecycle,
    presence: new PresenceService(deps, lifecycle),
    admin: new RoutingAdminService(deps, engine),
    positions: new QueuePositionService(deps),
    /** The one call after a new conversation committed. */
    routeNewConversation: (workspaceId: string, conversationId: string) =>
      engine.routeNewConversation(workspaceId, conversationId),
    /** The one call after an inbound mail was processed: routes the conversation it opened. */
    async routeAfterInboundMail(inboundEmailId: string) {
      const opened = await deps.uow.read((repos) =>
        repos.routingQueue.conversationOpenedByMail(inboundEmailId),
      );
      if (opened)
        await engine.routeNewConversation(opened.workspaceId, opened.conversationId, {
          checked: true,
        });
    },
  };
}

export type RoutingServices = ReturnType<typeof createRoutingServices>;
