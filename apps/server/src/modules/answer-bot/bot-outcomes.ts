import type { TransactionScope } from '../../db/unit-of-work.ts';
import type { BotSessionRow } from '../../db/schema-answer-bot.ts';
import type { JobRow } from '../../db/schema-email.ts';
import type { ConversationService } from '../conversations/conversation.service.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';

export const settleJobKind = 'answer_bot.settle';
export const defaultWindowHours = 24;
const hourMs = 3_600_000;

/**
 * The outcome of bot sessions (metrics.md §6). A session stays `pending` while the bot is in
 * it; "Yes, it helped" confirms it, "Talk to a person" hands it over. A job runs a window
 * (24 h by default) after the bot's last reply: a session still pending then is `assumed`
 * resolved when that reply was an answer nobody marked unhelpful, else `unanswered`. A customer
 * who starts another conversation within the window of a pending or assumed session turns it
 * into a failure (`unanswered`, with `returned_at`).
 */
export class BotOutcomes {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly conversations: ConversationService,
  ) {}

  handlers(): JobHandler[] {
    return [{ kind: settleJobKind, run: (job) => this.settle(job) }];
  }

  async windowHours(scope: TransactionScope, workspaceId: string): Promise<number> {
    return (await scope.repos.answerBot.settings(workspaceId))?.window_hours ?? defaultWindowHours;
  }

  /** Schedules the settling of a session a window after the bot's reply at `at`. */
  async scheduleSettle(scope: TransactionScope, session: BotSessionRow, at: Date): Promise<void> {
    const hours = await this.windowHours(scope, session.workspace_id);
    await scope.repos.jobs.enqueue({
      id: this.deps.ids(),
      workspaceId: session.workspace_id,
      kind: settleJobKind,
      payload: { conversationId: session.conversation_id },
      idempotencyKey: `${session.id}:${at.getTime()}`,
      runAt: new Date(at.getTime() + hours * hourMs),
    });
  }

  /** The customer came back: their recent pending or assumed sessions did not resolve anything. */
  async noteReturn(
    scope: TransactionScope,
    workspaceId: string,
    customerId: string,
    exceptConversation: string | null,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const hours = await this.windowHours(scope, workspaceId);
    const since = new Date(now.getTime() - hours * hourMs);
    const sessions = await scope.repos.answerBot.returnableSessions(
      workspaceId,
      customerId,
      since,
      exceptConversation,
    );
    for (const session of sessions)
      await scope.repos.answerBot.updateSession(session.id, {
        outcome: 'unanswered',
        returned_at: now,
        settled_at: now,
      });
  }

  /** Marks a session resolved by the bot and solves its conversation if the bot still has it. */
  async resolveIn(
    scope: TransactionScope,
    session: BotSessionRow,
    outcome: 'confirmed' | 'assumed',
  ) {
    const now = this.deps.clock.now();
    await scope.repos.answerBot.updateSession(session.id, { outcome, settled_at: now });
    const row = await scope.repos.conversations.findForUpdate(
      session.workspace_id,
      session.conversation_id,
    );
    if (row?.status === 'pending')
      await this.conversations.updateIn(scope, null, session.workspace_id, row.id, {
        status: 'solved',
      });
  }

  private async settle(job: JobRow): Promise<{ deferUntil: Date } | undefined> {
    const { conversationId } = job.payload as { conversationId: string };
    return this.deps.uow.transaction(async (scope) => {
      const workspaceId = job.workspace_id!;
      const session = await scope.repos.answerBot.sessionForUpdate(workspaceId, conversationId);
      if (!session || session.outcome !== 'pending' || !session.last_answer_at) return;
      const hours = await this.windowHours(scope, workspaceId);
      const due = new Date(session.last_answer_at).getTime() + hours * hourMs;
      // The window grew since this job was scheduled: come back when it ends.
      if (this.deps.clock.now().getTime() < due) return { deferUntil: new Date(due) };
      const last = (await scope.repos.answerBot.turns(session.id)).at(-1);
      if (last?.answered && last.helpful !== false) await this.resolveIn(scope, session, 'assumed');
      else
        await scope.repos.answerBot.updateSession(session.id, {
          outcome: 'unanswered',
          settled_at: this.deps.clock.now(),
        });
      return undefined;
    });
  }
}
