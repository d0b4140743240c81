import type { UnitOfWork } from './db/unit-of-work.ts';
import type { Clock } from './lib/clock.ts';
import type { IdGenerator } from './lib/ids.ts';
import type { PasswordHasher } from './lib/password.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { ConversationMergeService } from './modules/conversations/conversation-merge.service.ts';
import { ConversationService } from './modules/conversations/conversation.service.ts';
import { MessageService } from './modules/conversations/message.service.ts';
import { CustomerService } from './modules/customers/customer.service.ts';
import { SearchService } from './modules/search/search.service.ts';
import type { ServiceDeps } from './modules/service-deps.ts';

/** Builds every service from its dependencies; the one place that wires the domain together. */
export function createServices(input: {
  uow: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
  hasher: PasswordHasher;
  publicUrl: string;
}) {
  const deps: ServiceDeps = input;
  const auth = new AuthService(deps);
  const customers = new CustomerService(deps);
  const conversations = new ConversationService(deps, customers);
  const messages = new MessageService(deps, conversations);
  const merges = new ConversationMergeService(deps, conversations);
  const search = new SearchService(deps);
  return { auth, customers, conversations, messages, merges, search };
}

export type Services = ReturnType<typeof createServices>;
