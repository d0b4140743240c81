import type { TransactionScope } from '../../db/unit-of-work.ts';
import type { ConversationRow } from '../../db/schema.ts';
import type {
  ConversationChange,
  ConversationHooks,
  ConversationService,
} from '../conversations/conversation.service.ts';
import type { OutboundMailService } from '../email/outbound-mail.service.ts';
import type { MailTransport } from '../email/mail-transport.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { SurveyAnswers } from './survey-answers.ts';
import { SurveyLinkService } from './survey-link.service.ts';
import { SurveySender, surveyJobKind } from './survey-sender.ts';
import { type FactsRefresh, SurveyService } from './survey.service.ts';

/** Runs several conversation hooks in order (SLA, then surveys), in the writing transaction. */
export function allHooks(...hooks: ConversationHooks[]): ConversationHooks {
  return {
    async afterWrite(scope: TransactionScope, row: ConversationRow, change: ConversationChange) {
      for (const hook of hooks) await hook.afterWrite(scope, row, change);
    },
  };
}

/**
 * The survey services. `hooks` goes into the conversation service (a solve enqueues the
 * survey job); `bind` builds the rest once the conversation and mail services exist, since
 * answers run triggers and the survey mail goes to the conversation's mailbox.
 */
export function createSurveyServices(
  deps: ServiceDeps,
  input: { jobs: JobRunner; transport: MailTransport; smtpUrl: string | null },
) {
  const sender = new SurveySender(deps, {
    outbound: null,
    transport: input.transport,
    smtpUrl: input.smtpUrl,
  });
  input.jobs.register({ kind: surveyJobKind, run: (job) => sender.run(job) });
  return {
    hooks: sender,
    bind(
      conversations: ConversationService,
      outbound: OutboundMailService | null,
      facts: FactsRefresh,
    ) {
      sender.mail.outbound = outbound;
      const answers = new SurveyAnswers(deps, conversations);
      return {
        surveys: new SurveyService(deps, answers, facts),
        surveyLinks: new SurveyLinkService(deps, answers),
      };
    },
  };
}
