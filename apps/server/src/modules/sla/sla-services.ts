import type { ConversationService } from '../conversations/conversation.service.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { CalendarService } from './calendar.service.ts';
import { type MacroPort, SlaJobs } from './sla-jobs.ts';
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
  let slaJobs: SlaJobs | null = null;
  return {
    hooks: sla,
    services: {
      sla,
      calendars: new CalendarService(deps),
      slaPolicies: new SlaPolicyService(deps),
      slaReports: new SlaReportService(deps, sla),
    },
    bind(jobs: JobRunner, conversations: ConversationService) {
      slaJobs = new SlaJobs(deps, sla, conversations);
      for (const handler of slaJobs.handlers()) jobs.register(handler);
    },
    /** Lets breach and warning actions run macros (once the automations exist). */
    useMacros(macros: MacroPort) {
      if (slaJobs) slaJobs.macros = macros;
    },
  };
}
