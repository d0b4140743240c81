import type { z } from 'zod';
import type { SearchQuery } from '@kefu/contracts';
import { queryTokens } from '@kefu/text';
import type { Actor } from '../auth/actor.ts';
import { can } from '../auth/policies.ts';
import type { ServiceDeps } from '../service-deps.ts';

/** Full-text search over messages and customers; the workspace filter is inside each query. */
export class SearchService {
  constructor(private readonly deps: ServiceDeps) {}

  async search(actor: Actor, query: z.output<typeof SearchQuery>) {
    const tokens = queryTokens(query.q);
    if (!tokens) return { messages: [], customers: [] };
    return this.deps.uow.read(async (repos) => {
      const messages = await repos.messages.search(actor.workspaceId, tokens, query.limit);
      const customerRows = can(actor, 'customers:read')
        ? await repos.customers.search(actor.workspaceId, tokens, query.limit)
        : [];
      const identities = await repos.customers.identitiesFor(customerRows.map((c) => c.id));
      return {
        messages: messages.map((m) => ({
          id: m.id,
          conversationId: m.conversation_id,
          conversationNumber: m.number,
          body: m.body.length > 300 ? `${m.body.slice(0, 300)}…` : m.body,
          createdAt: new Date(m.created_at).toISOString(),
        })),
        customers: customerRows.map((c) => ({
          id: c.id,
          name: c.name,
          identities: identities.filter((i) => i.customer_id === c.id).map((i) => i.value),
        })),
      };
    });
  }
}
