import type { ConversationService } from '../conversations/conversation.service.ts';
import type { MessageService } from '../conversations/message.service.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { ActionRunner, type AutomaticMail } from './action-runner.ts';
import { AutomaticReplyMail, automaticMailJobKind } from './automatic-mail.ts';
import { MacroService } from './macro.service.ts';
import { ProcedureService } from './procedure.service.ts';
import { TimeRuleJobs, timeRuleCheckMs, timeRulesJobKind } from './time-rule-jobs.ts';
import { TimeRuleService } from './time-rule.service.ts';
import { TriggerEngine } from './trigger-engine.ts';
import { TriggerService } from './trigger.service.ts';
import { WebhookDelivery, webhookJobKind } from './webhook-delivery.ts';
import type { WebhookTargetPolicy } from './webhook-target.ts';

/**
 * Triggers, time rules, macros and webhooks. The trigger engine is installed on the
 * conversation service (it runs in every writing transaction, before the SLA hook); time rules
 * and webhook deliveries are jobs.
 */
export function createAutomationServices(
  deps: ServiceDeps,
  input: {
    conversations: ConversationService;
    messages: MessageService;
    mail: AutomaticMail | null;
    jobs: JobRunner;
    webhooks: WebhookTargetPolicy;
  },
) {
  const runner = new ActionRunner(
    deps,
    input.conversations,
    input.messages,
    input.mail,
    input.webhooks,
  );
  const engine = new TriggerEngine(deps, runner);
  input.conversations.triggers = engine;
  const timeRuleJobs = new TimeRuleJobs(deps, runner, engine);
  const delivery = new WebhookDelivery(deps, input.webhooks);
  input.jobs.register({ kind: timeRulesJobKind, run: () => timeRuleJobs.checkAll() });
  input.jobs.register({ kind: webhookJobKind, run: (job) => delivery.run(job) });
  if (input.mail) {
    const replies = new AutomaticReplyMail(deps, input.mail);
    input.jobs.register({ kind: automaticMailJobKind, run: (job) => replies.run(job) });
  }
  return {
    triggers: new TriggerService(deps, input.webhooks),
    timeRules: new TimeRuleService(deps, input.webhooks),
    macros: new MacroService(deps, runner, engine),
    procedures: new ProcedureService(deps),
    /** The scheduler role calls this every few minutes: queues one check per slot. */
    scheduleTimeRules: () => timeRuleJobs.schedule((job) => input.jobs.enqueue(job)),
    timeRuleCheckMs,
    engine,
  };
}

export type AutomationServices = ReturnType<typeof createAutomationServices>;
