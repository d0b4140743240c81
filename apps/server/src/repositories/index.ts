import { AdminRepository } from './admin.repository.ts';
import { AuthRepository } from './auth.repository.ts';
import { ConversationRepository } from './conversation.repository.ts';
import { CustomerRepository } from './customer.repository.ts';
import type { Executor } from './executor.ts';
import { MessageRepository } from './message.repository.ts';
import { RealtimeEventRepository } from './realtime-event.repository.ts';
import { WorkspaceRepository } from './workspace.repository.ts';

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
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
