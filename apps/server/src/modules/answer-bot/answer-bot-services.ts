import type { ConversationService } from '../conversations/conversation.service.ts';
import type { MessageService } from '../conversations/message.service.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { AnswerBotAdminService, type FactsRefresh } from './answer-bot-admin.service.ts';
import { type ArticleSearchPort, AnswerBotService } from './answer-bot.service.ts';
import { BotOutcomes } from './bot-outcomes.ts';

/** The answer bot: the widget's bot, its settings and reports, and the outcome job. */
export function createAnswerBotServices(
  deps: ServiceDeps,
  input: {
    conversations: ConversationService;
    messages: MessageService;
    articles: ArticleSearchPort;
    jobs: JobRunner;
    /** The analytics refresher: the report slices by conversation facts. */
    facts: FactsRefresh;
    fetch?: typeof fetch;
  },
) {
  const outcomes = new BotOutcomes(deps, input.conversations);
  for (const handler of outcomes.handlers()) input.jobs.register(handler);
  return {
    answerBot: new AnswerBotService(
      deps,
      input.conversations,
      input.messages,
      input.articles,
      outcomes,
      input.fetch,
    ),
    answerBotAdmin: new AnswerBotAdminService(deps, input.facts),
  };
}
