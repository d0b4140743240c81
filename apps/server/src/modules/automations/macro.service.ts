import type { z } from 'zod';
import type { Conversation, CreateMacroBody, Macro, UpdateMacroBody } from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordChange } from '../admin/record-change.ts';
import type { Actor } from '../auth/actor.ts';
import { presentConversations } from '../conversations/conversation-query.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import type { ActionRunner } from './action-runner.ts';
import { presentMacro } from './automation.presenter.ts';
import { checkActions } from './rule-checks.ts';
import type { TriggerEngine } from './trigger-engine.ts';

const taken = () =>
  new AppError('already_exists', 'name: a macro with this name exists', { field: 'name' });

/**
 * Macros: several actions at once, defined by supervisors and applied by any agent from the
 * conversation view. Applying one is one transaction; triggers then see it as one update.
 */
export class MacroService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly actions: ActionRunner,
    private readonly engine: TriggerEngine,
  ) {}

  list(actor: Actor): Promise<Macro[]> {
    return this.deps.uow.read(async (repos) =>
      (await repos.macros.list(actor.workspaceId)).map(presentMacro),
    );
  }

  create(actor: Actor, input: z.output<typeof CreateMacroBody>): Promise<Macro> {
    return this.deps.uow.transaction(async ({ repos }) => {
      await checkActions(repos, actor.workspaceId, input.actions, {});
      const now = this.deps.clock.now();
      const row = await repos.macros.insert({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        name: input.name,
        actions: input.actions,
        at: now,
      });
      if (!row) throw taken();
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'macro.created',
        targetType: 'macro',
        targetId: row.id,
        data: { name: row.name },
      });
      return presentMacro(row);
    });
  }

  update(actor: Actor, id: string, input: z.output<typeof UpdateMacroBody>): Promise<Macro> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      const row = await repos.macros.find(ws, id);
      if (!row) throw notFound('Macro');
      const next = { ...presentMacro(row), ...input };
      await checkActions(repos, ws, next.actions, {});
      const now = this.deps.clock.now();
      const updated = await repos.macros.update(ws, id, next, now);
      if (updated === 'taken') throw taken();
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'macro.updated',
        targetType: 'macro',
        targetId: id,
        data: { fields: Object.keys(input) },
      });
      return presentMacro(updated!);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.deps.uow.transaction(async ({ repos }) => {
      if (!(await repos.macros.delete(actor.workspaceId, id))) throw notFound('Macro');
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'macro.deleted',
        targetType: 'macro',
        targetId: id,
      });
    });
  }

  /** Applies a macro to a conversation as the agent; returns the conversation afterwards. */
  apply(actor: Actor, conversationId: string, macroId: string): Promise<Conversation> {
    return this.deps.uow.transaction((scope) =>
      this.applyIn(scope, actor, actor.workspaceId, conversationId, macroId),
    );
  }

  /**
   * Applies a macro inside the caller's transaction. `actor` null is the system (an SLA breach
   * action): then an action that cannot apply is skipped and recorded rather than refused.
   */
  async applyIn(
    scope: TransactionScope,
    actor: Actor | null,
    ws: string,
    conversationId: string,
    macroId: string,
  ): Promise<Conversation> {
    const macro = await scope.repos.macros.find(ws, macroId);
    if (!macro) throw notFound('Macro');
    const row = await scope.repos.conversations.find(ws, conversationId);
    if (!row) throw notFound('Conversation');
    if (row.merged_into_id)
      throw new AppError('conflict', 'This conversation was merged into another and cannot change');
    await this.engine.batch(scope, ws, conversationId, () =>
      this.actions.run({
        scope,
        actor,
        workspaceId: ws,
        conversationId,
        actions: presentMacro(macro).actions,
        source: { kind: 'macro', id: macro.id, name: macro.name },
        strict: actor !== null,
      }),
    );
    const after = await scope.repos.conversations.find(ws, conversationId);
    return (await presentConversations(scope.repos, [after!]))[0]!;
  }
}
