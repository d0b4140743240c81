import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type {
  ConversationProcedure,
  CreateProcedureBody,
  Procedure,
  UpdateProcedureBody,
} from '@kefu/contracts';
import type { ProcedureRow } from '../../db/schema-automations.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import { recordChange } from '../admin/record-change.ts';
import { type Actor, actorRef } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';

type StepInput = { id?: string | undefined; title: string };

const iso = (value: Date | string) => new Date(value).toISOString();
const taken = () =>
  new AppError('already_exists', 'tag: another procedure follows this tag', { field: 'tag' });

export function presentProcedure(row: ProcedureRow): Procedure {
  return {
    id: row.id,
    name: row.name,
    tag: row.tag,
    steps: row.steps,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Steps keep their ids across edits (so ticks stay on them); new ones get a fresh id. */
function withIds(steps: StepInput[]) {
  const seen = new Set<string>();
  return steps.map((step) => {
    let id = step.id && !seen.has(step.id) ? step.id : randomBytes(6).toString('hex');
    while (seen.has(id)) id = randomBytes(6).toString('hex');
    seen.add(id);
    return { id, title: step.title };
  });
}

/**
 * Standard procedures: per request type (a tag), an ordered checklist. Supervisors define them;
 * every agent on a conversation with that tag sees the checklist and ticks steps, with who and
 * when recorded (and on the timeline), so everyone follows the same process.
 */
export class ProcedureService {
  constructor(private readonly deps: ServiceDeps) {}

  list(actor: Actor): Promise<Procedure[]> {
    return this.deps.uow.read(async (repos) =>
      (await repos.procedures.list(actor.workspaceId)).map(presentProcedure),
    );
  }

  create(actor: Actor, input: z.output<typeof CreateProcedureBody>): Promise<Procedure> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const now = this.deps.clock.now();
      const row = await repos.procedures.insert({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        name: input.name,
        tag: input.tag,
        steps: withIds(input.steps),
        at: now,
      });
      if (!row) throw taken();
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'procedure.created',
        targetType: 'procedure',
        targetId: row.id,
        data: { name: row.name },
      });
      return presentProcedure(row);
    });
  }

  update(
    actor: Actor,
    id: string,
    input: z.output<typeof UpdateProcedureBody>,
  ): Promise<Procedure> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      const row = await repos.procedures.find(ws, id);
      if (!row) throw notFound('Procedure');
      const now = this.deps.clock.now();
      const updated = await repos.procedures.update(
        ws,
        id,
        {
          name: input.name ?? row.name,
          tag: input.tag ?? row.tag,
          steps: input.steps ? withIds(input.steps) : row.steps,
        },
        now,
      );
      if (updated === 'taken') throw taken();
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'procedure.updated',
        targetType: 'procedure',
        targetId: id,
        data: { fields: Object.keys(input) },
      });
      return presentProcedure(updated!);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.deps.uow.transaction(async ({ repos }) => {
      if (!(await repos.procedures.delete(actor.workspaceId, id))) throw notFound('Procedure');
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'procedure.deleted',
        targetType: 'procedure',
        targetId: id,
      });
    });
  }

  /** The procedures a conversation follows (by its tags), each step with who ticked it, when. */
  forConversation(actor: Actor, conversationId: string): Promise<ConversationProcedure[]> {
    return this.deps.uow.read((repos) => this.checklists(repos, actor.workspaceId, conversationId));
  }

  /** Ticks or unticks a step; returns the conversation's checklists afterwards. */
  setStep(
    actor: Actor,
    input: { conversationId: string; procedureId: string; stepId: string; done: boolean },
  ): Promise<ConversationProcedure[]> {
    return this.deps.uow.transaction(async (scope) => {
      const { repos } = scope;
      const ws = actor.workspaceId;
      const conversation = await repos.conversations.findForUpdate(ws, input.conversationId);
      if (!conversation) throw notFound('Conversation');
      const procedure = (await this.checklists(repos, ws, conversation.id)).find(
        (p) => p.procedureId === input.procedureId,
      );
      const step = procedure?.steps.find((s) => s.id === input.stepId);
      if (!procedure || !step) throw notFound('Procedure step');
      const now = this.deps.clock.now();
      const changed = input.done
        ? await repos.procedures.markDone({
            conversationId: conversation.id,
            procedureId: procedure.procedureId,
            stepId: step.id,
            workspaceId: ws,
            userId: actor.kind === 'user' ? actor.userId : null,
            at: now,
          })
        : await repos.procedures.markUndone(conversation.id, procedure.procedureId, step.id);
      if (changed) {
        await repos.conversations.insertEvent({
          id: this.deps.ids(),
          workspaceId: ws,
          conversationId: conversation.id,
          type: input.done ? 'procedure.step_done' : 'procedure.step_undone',
          ...actorRef(actor),
          data: { procedure: procedure.name, step: step.title },
          at: now,
        });
        await scope.emit({
          type: 'procedure.changed',
          workspaceId: ws,
          conversationId: conversation.id,
          internal: true,
          payload: { conversationId: conversation.id, procedureId: procedure.procedureId },
        });
      }
      return this.checklists(repos, ws, conversation.id);
    });
  }

  private async checklists(
    repos: Repositories,
    workspaceId: string,
    conversationId: string,
  ): Promise<ConversationProcedure[]> {
    const conversation = await repos.conversations.find(workspaceId, conversationId);
    if (!conversation) throw notFound('Conversation');
    const tags = (await repos.conversations.tagsFor([conversationId])).get(conversationId) ?? [];
    const procedures = await repos.procedures.forTags(
      workspaceId,
      tags.map((t) => t.toLowerCase()),
    );
    const done = await repos.procedures.doneSteps(
      conversationId,
      procedures.map((p) => p.id),
    );
    return procedures.map((p) => ({
      procedureId: p.id,
      name: p.name,
      tag: p.tag,
      steps: p.steps.map((step) => {
        const tick = done.find((d) => d.procedure_id === p.id && d.step_id === step.id);
        return {
          id: step.id,
          title: step.title,
          done: Boolean(tick),
          doneBy: tick?.done_by ?? null,
          doneAt: tick ? iso(tick.done_at) : null,
        };
      }),
    }));
  }
}
