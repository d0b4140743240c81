import { AdminRepository } from './admin.repository.ts';
import { AnswerBotRepository } from './answer-bot.repository.ts';
import { AssistRepository } from './assist.repository.ts';
import { AnalyticsFactsRepository } from './analytics-facts.repository.ts';
import { AnalyticsReportRepository } from './analytics-report.repository.ts';
import { AutomationRepository } from './automation.repository.ts';
import { MacroRepository } from './macro.repository.ts';
import { ProcedureRepository } from './procedure.repository.ts';
import { AuthRepository } from './auth.repository.ts';
import { CannedResponseRepository } from './canned-response.repository.ts';
import { ConversationRepository } from './conversation.repository.ts';
import { CustomerRepository } from './customer.repository.ts';
import type { Executor } from './executor.ts';
import { EmailMessageRepository } from './email-message.repository.ts';
import { InboundEmailRepository } from './inbound-email.repository.ts';
import { InboxRepository } from './inbox.repository.ts';
import { JobRepository } from './job.repository.ts';
import { KnowledgeRepository } from './knowledge.repository.ts';
import { MailChannelRepository } from './mail-channel.repository.ts';
import { MessageRepository } from './message.repository.ts';
import { PreferenceRepository } from './preference.repository.ts';
import { SlaRepository } from './sla.repository.ts';
import { SurveyRepository } from './survey.repository.ts';
import { RealtimeEventRepository } from './realtime-event.repository.ts';
import { RoutingConfigRepository } from './routing-config.repository.ts';
import { RoutingQueueRepository } from './routing-queue.repository.ts';
import { WorkspaceRepository } from './workspace.repository.ts';
import { VisitorConversationRepository } from './visitor-conversation.repository.ts';
import { WidgetRepository } from './widget.repository.ts';

/** Every repository, bound to one connection or transaction. */
export function createRepositories(db: Executor) {
  return {
    workspaces: new WorkspaceRepository(db),
    auth: new AuthRepository(db),
    admin: new AdminRepository(db),
    customers: new CustomerRepository(db),
    conversations: new ConversationRepository(db),
    messages: new MessageRepository(db),
    realtimeEvents: new RealtimeEventRepository(db),
    widget: new WidgetRepository(db),
    visitorConversations: new VisitorConversationRepository(db),
    cannedResponses: new CannedResponseRepository(db),
    inbox: new InboxRepository(db),
    preferences: new PreferenceRepository(db),
    jobs: new JobRepository(db),
    mailChannels: new MailChannelRepository(db),
    inboundEmails: new InboundEmailRepository(db),
    emailMessages: new EmailMessageRepository(db),
    sla: new SlaRepository(db),
    routing: new RoutingConfigRepository(db),
    routingQueue: new RoutingQueueRepository(db),
    automations: new AutomationRepository(db),
    macros: new MacroRepository(db),
    procedures: new ProcedureRepository(db),
    analyticsFacts: new AnalyticsFactsRepository(db),
    analyticsReports: new AnalyticsReportRepository(db),
    surveys: new SurveyRepository(db),
    knowledge: new KnowledgeRepository(db),
    answerBot: new AnswerBotRepository(db),
    assist: new AssistRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
