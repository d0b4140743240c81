import type { BlobStore } from './blob/blob-store.ts';
import type { UnitOfWork } from './db/unit-of-work.ts';
import type { Clock } from './lib/clock.ts';
import type { IdGenerator } from './lib/ids.ts';
import type { PasswordHasher } from './lib/password.ts';
import { AgentService } from './modules/admin/agent.service.ts';
import { ApiTokenService } from './modules/admin/api-token.service.ts';
import { AuditLogService } from './modules/admin/audit-log.service.ts';
import { CustomFieldService } from './modules/admin/custom-field.service.ts';
import { InvitationService } from './modules/admin/invitation.service.ts';
import { TagService } from './modules/admin/tag.service.ts';
import { TeamService } from './modules/admin/team.service.ts';
import { WorkspaceService } from './modules/admin/workspace.service.ts';
import { AttachmentService } from './modules/attachments/attachment.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { CannedResponseService } from './modules/canned-responses/canned-response.service.ts';
import { ConversationMergeService } from './modules/conversations/conversation-merge.service.ts';
import { ConversationQueryService } from './modules/conversations/conversation-query.service.ts';
import { ConversationService } from './modules/conversations/conversation.service.ts';
import { MessageService } from './modules/conversations/message.service.ts';
import { CompanyService } from './modules/customers/company.service.ts';
import { CustomerService } from './modules/customers/customer.service.ts';
import { InboxService } from './modules/inbox/inbox.service.ts';
import { PreferenceService } from './modules/preferences/preference.service.ts';
import { RealtimeService } from './modules/realtime/realtime.service.ts';
import { SearchService } from './modules/search/search.service.ts';
import type { ServiceDeps } from './modules/service-deps.ts';
import type { Signal } from './modules/realtime/event-bus.ts';
import { createWidgetServices } from './modules/widget/widget-services.ts';
import { createEmailServices } from './modules/email/email-services.ts';
import type { InboundOptions } from './modules/email/inbound-processor.service.ts';
import type { MailTransport } from './modules/email/mail-transport.ts';
import type { JobRunner } from './modules/jobs/job-runner.ts';
import { createRoutingServices } from './modules/routing/routing-services.ts';
import { createSlaServices } from './modules/sla/sla-services.ts';
import { createAutomationServices } from './modules/automations/automation-services.ts';
import { allHooks, createSurveyServices } from './modules/surveys/survey-services.ts';
import { createKnowledgeServices } from './modules/knowledge/knowledge-services.ts';
import { createAnswerBotServices } from './modules/answer-bot/answer-bot-services.ts';
import { createAssistService } from './modules/assist/assist-services.ts';
import { AnalyticsRefresher } from './modules/analytics/analytics-refresh.ts';
import { AnalyticsService } from './modules/analytics/analytics.service.ts';

/** Builds every service from its dependencies; the one place that wires the domain together. */
export function createServices(input: {
  uow: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
  hasher: PasswordHasher;
  publicUrl: string;
  blobs: BlobStore;
  maxUploadBytes: number;
  /** Where ephemeral signals (read receipts) go: the event bus. */
  signals: { signal(signal: Signal): void };
  jobs: JobRunner;
  mail: { transport: MailTransport; smtpUrl: string | null; inbound?: InboundOptions };
  /** Tests only: lets webhooks reach a receiver on 127.0.0.1. */
  allowLoopbackWebhooks?: boolean;
}) {
  const deps: ServiceDeps = {
    uow: input.uow,
    clock: input.clock,
    ids: input.ids,
    hasher: input.hasher,
    publicUrl: input.publicUrl,
  };
  const auth = new AuthService(deps);
  const customers = new CustomerService(deps);
  const sla = createSlaServices(deps);
  const surveyParts = createSurveyServices(deps, {
    jobs: input.jobs,
    transport: input.mail.transport,
    smtpUrl: input.mail.smtpUrl,
  });
  const conversations = new ConversationService(
    deps,
    customers,
    allHooks(sla.hooks, surveyParts.hooks),
  );
  sla.bind(input.jobs, conversations);
  const mail = createEmailServices(deps, { blobs: input.blobs, jobs: input.jobs, ...input.mail });
  const messages = new MessageService(deps, conversations, mail.outbound);
  const analyticsRefresher = new AnalyticsRefresher(deps);
  const surveys = surveyParts.bind(conversations, mail.outbound, analyticsRefresher);
  const routing = createRoutingServices(deps, input.jobs);
  const email = mail.bind(conversations, messages, (id) => routing.routeAfterInboundMail(id));
  const automations = createAutomationServices(deps, {
    conversations,
    messages,
    mail: mail.outbound,
    jobs: input.jobs,
    webhooks: { allowLoopback: input.allowLoopbackWebhooks ?? false },
  });
  sla.useMacros(automations.macros);
  const merges = new ConversationMergeService(deps, conversations);
  const conversationQueries = new ConversationQueryService(deps);
  const search = new SearchService(deps);
  const companies = new CompanyService(deps);
  const realtime = new RealtimeService({ uow: deps.uow });
  const attachments = new AttachmentService(deps, input.blobs, input.maxUploadBytes);
  const knowledge = createKnowledgeServices(deps, { conversations, attachments });
  const answerBot = createAnswerBotServices(deps, {
    conversations,
    messages,
    articles: knowledge.knowledge,
    jobs: input.jobs,
    facts: analyticsRefresher,
  });
  const assist = createAssistService(deps, knowledge.knowledge);
  const analytics = new AnalyticsService(deps, analyticsRefresher);
  const admin = {
    workspace: new WorkspaceService(deps),
    agents: new AgentService(deps),
    invitations: new InvitationService(deps),
    teams: new TeamService(deps),
    tags: new TagService(deps),
    customFields: new CustomFieldService(deps),
    apiTokens: new ApiTokenService(deps),
    auditLog: new AuditLogService(deps),
  };
  return {
    auth,
    customers,
    conversations,
    conversationQueries,
    messages,
    merges,
    search,
    attachments,
    companies,
    realtime,
    ...admin,
    widget: createWidgetServices(deps, {
      customers,
      conversations,
      messages,
      attachments,
      signals: input.signals,
    }),
    cannedResponses: new CannedResponseService(deps),
    inbox: new InboxService(deps),
    preferences: new PreferenceService(deps),
    email,
    routing,
    automations,
    ...surveys,
    analytics,
    analyticsRefresher,
    ...sla.services,
    ...knowledge,
    ...answerBot,
    assist,
  };
}

export type Services = ReturnType<typeof createServices>;
