import type { QueuePosition } from '@kefu/contracts';
import { notFound } from '../../lib/errors.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { VisitorActor } from '../widget/visitor-session.service.ts';
import { estimateWaitMinutes, throughputWindowMs } from './queue-estimate.ts';

/** What the widget shows a waiting visitor: "you are number N, about M minutes". */
export class QueuePositionService {
  constructor(private readonly deps: ServiceDeps) {}

  async forVisitor(visitor: VisitorActor, conversationId: string): Promise<QueuePosition> {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.visitorConversations.findForCustomer(
        visitor.workspaceId,
        visitor.customerId,
        conversationId,
      );
      if (!row || row.merged_into_id) throw notFound('Conversation');
      const place = await repos.routingQueue.position(visitor.workspaceId, conversationId);
      if (!place) return { queued: false, position: null, estimatedWaitMinutes: null };
      const since = new Date(this.deps.clock.now().getTime() - throughputWindowMs);
      const assigned = await repos.routingQueue.assignedSince(
        visitor.workspaceId,
        place.teamId,
        since,
      );
      return {
        queued: true,
        position: place.position,
        estimatedWaitMinutes: estimateWaitMinutes(place.position, assigned),
      };
    });
  }
}
