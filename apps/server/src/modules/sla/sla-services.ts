import type { ConversationService } from '../conversations/conversation.service.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { CalendarService } from './calendar.service.ts';
import { SlaJobs } from './sla-jobs.ts';
import { SlaPolicyService } from './sla-policy.service.ts';
import { SlaReportService } from './sla-report.service.ts';
import { SlaService } from './sla.service.ts';

/**
 * The SLA services. `hooks` goes into the conversation service (policy selection and clocks in
 * every writing transaction); `bind` registers the SLA jobs once that service exists, since
 * breach actions change conversations through it.
 */
export function createSlaServices(deps: ServiceDeps) {
  const sla = new SlaService(deps);
  return {
    hooks: sla,
    services: {
      sla,
      calendars: new CalendarService(deps),
      slaPolicies: new SlaPolicyService(deps),
      slaReports: new SlaReportService(deps, sla),
    },
    bind(jobs: JobRunner, conversations: ConversationService) {
      for (const handler of new SlaJobs(deps, sla, conversations).handlers())
        jobs.register(handler);
    },
  };
}
