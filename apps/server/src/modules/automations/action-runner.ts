import type { AutomationAction, UpdateConversationBody } from '@kefu/contracts';
import { renderCannedResponse } from '@kefu/contracts';
import type { z } from 'zod';
import type { ConversationRow } from '../../db/schema.ts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import { AppError } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import { missingRequiredFields } from '../admin/custom-field-values.ts';
import type { Actor } from '../auth/actor.ts';
import type { ChangeSource, ConversationService } from '../conversations/conversation.service.ts';
import type { MessageService } from '../conversations/message.service.ts';
import { presentConversations } from '../conversations/conversation-query.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { type WebhookTargetPolicy, checkWebhookUrl } from './webhook-target.ts';
import { webhookJobKind } from './webhook-delivery.ts';
import { automaticMailJobKind } from './automatic-mail.ts';
import { randomSecret } from '../../lib/secrets.ts';

/** Queues an automatic mail for a bot's public reply on an email conversation. */
export interface AutomaticMail {
  queueAutomatic(
    scope: TransactionScope,
    conversation: ConversationRow,
    message: Awaited<ReturnType<MessageService['recordMessage']>>,
  ): Promise<NonNullable<Awaited<ReturnType<MessageService['recordMessage']>>['email']>>;
}

type Patch = z.output<typeof UpdateConversationBody>;

/**
 * Carries out automation actions on one conversation inside the caller's transaction, through
 * the conversation and message services, so the timeline, events and rules stay the same as
 * an agent's change. `strict` (macros, applied by a person) refuses an action that cannot
 * apply; otherwise (triggers, time rules) such an action is skipped and the skip recorded, so
 * a stale rule never rolls back the customer's message that set it off.
 */
export class ActionRunner {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly mail: AutomaticMail | null,
    private readonly webhooks: WebhookTargetPolicy,
  ) {}

  async run(input: {
    scope: TransactionScope;
    actor: Actor | null;
    workspaceId: string;
    conversationId: string;
    actions: AutomationAction[];
    source: ChangeSource;
    strict: boolean;
  }): Promise<void> {
    const { scope, actor, workspaceId: ws, conversationId: id, source } = input;
    const { repos } = scope;
    const row = await this.conversations.lockForChange(repos, ws, id);
    const { usable, skipped } = await this.check(repos, row, input.actions);
    if (input.strict && skipped.length > 0) {
      throw new AppError('validation_failed', skipped[0]!.why, { field: 'actions' });
    }
    await this.conversations.recordTimeline(
      repos,
      actor,
      row,
      'automation.applied',
      {
        kind: source.kind,
        id: source.id,
        name: source.name,
        actions: usable.map((a) => a.type),
        ...(skipped.length ? { skipped: skipped.map((s) => s.why) } : {}),
      },
      this.deps.clock.now(),
    );
    const patch = await this.fieldPatch(repos, row, usable);
    if (Object.keys(patch).length > 0)
      await this.conversations.updateIn(scope, actor, ws, id, patch, source);
    for (const action of usable) {
      if (action.type === 'reply') await this.reply(scope, actor, ws, id, action, source);
      if (action.type === 'notify') await this.notify(scope, ws, id, action.text, source);
      if (action.type === 'webhook') await this.webhook(scope, ws, id, action.url, source);
    }
  }

  /** Splits the actions into those that can apply now and those that cannot (with why). */
  private async check(repos: Repositories, row: ConversationRow, actions: AutomationAction[]) {
    const usable: AutomationAction[] = [];
    const skipped: { action: AutomationAction; why: string }[] = [];
    const ws = row.workspace_id;
    for (const action of actions) {
      let why: string | null = null;
      if (action.type === 'assign' && action.assigneeId) {
        const active = await repos.workspaces.activeMemberIds(ws, [action.assigneeId]);
        if (!active.has(action.assigneeId)) why = 'assigneeId: no active agent with this id';
      } else if (action.type === 'set_team' && action.teamId) {
        const teams = await repos.admin.existingTeamIds(ws, [action.teamId]);
        if (!teams.has(action.teamId)) why = 'teamId: no such team';
      } else if (
        action.type === 'set_status' &&
        (action.status === 'solved' || action.status === 'closed')
      ) {
        const definitions = await repos.admin.listCustomFields(ws, 'conversation');
        const missing = missingRequiredFields(definitions, row.custom_fields);
        if (missing.length)
          why = `Fill in the required fields before solving: ${missing.join(', ')}`;
      } else if (action.type === 'reply' && row.status === 'closed') {
        why = 'This conversation is closed; it takes no replies';
      }
      if (why) skipped.push({ action, why });
      else usable.push(action);
    }
    return { usable, skipped };
  }

  /** The field actions folded into one update (one timeline entry per field, one event). */
  private async fieldPatch(repos: Repositories, row: ConversationRow, actions: AutomationAction[]) {
    const patch: Patch = {};
    let tags: string[] | null = null;
    for (const action of actions) {
      switch (action.type) {
        case 'set_status':
          patch.status = action.status;
          break;
        case 'set_priority':
          patch.priority = action.priority;
          break;
        case 'assign':
          patch.assigneeId = action.assigneeId;
          break;
        case 'set_team':
          patch.teamId = action.teamId;
          break;
        case 'add_tags':
        case 'remove_tags': {
          tags ??= (await repos.conversations.tagsFor([row.id])).get(row.id) ?? [];
          const keys = new Set(action.tags.map((t) => t.trim().toLowerCase()));
          tags =
            action.type === 'add_tags'
              ? [...tags, ...action.tags]
              : tags.filter((t) => !keys.has(t.toLowerCase()));
          break;
        }
        case 'reply':
        case 'notify':
        case 'webhook':
          break;
      }
    }
    if (tags) patch.tags = tags;
    return patch;
  }

  private async reply(
    scope: TransactionScope,
    actor: Actor | null,
    ws: string,
    id: string,
    action: Extract<AutomationAction, { type: 'reply' }>,
    source: ChangeSource,
  ) {
    const { repos } = scope;
    const row = await this.conversations.lockForChange(repos, ws, id);
    const customer = await repos.customers.find(ws, row.customer_id);
    const emails = await repos.automations.conditionFacts(ws, id);
    const agent = actor?.kind === 'user' ? await repos.workspaces.findUser(actor.userId) : null;
    const body = renderCannedResponse(action.body, {
      'customer.name': customer?.name ?? null,
      'customer.email': emails?.emails[0] ?? null,
      'agent.name': agent?.name ?? null,
      'conversation.id': row.number,
    });
    const byPerson = actor?.kind === 'user';
    const message = await this.messages.recordMessage(scope, actor, row, {
      authorType: byPerson ? 'agent' : 'bot',
      authorId: byPerson ? actor.userId : null,
      visibility: action.visibility,
      body,
      html: null,
      attachmentIds: [],
    });
    // A person's reply is mailed by recordMessage; an automation's by a job after the commit.
    if (!byPerson && action.visibility === 'public' && row.channel === 'email' && this.mail) {
      await repos.jobs.enqueue({
        id: this.deps.ids(),
        workspaceId: ws,
        kind: automaticMailJobKind,
        payload: {
          conversationId: id,
          messageId: message.id,
          answersMail: source.kind === 'trigger',
        },
        idempotencyKey: message.id,
        runAt: this.deps.clock.now(),
      });
    }
  }

  private async notify(
    scope: TransactionScope,
    ws: string,
    id: string,
    text: string,
    source: ChangeSource,
  ) {
    const row = (await scope.repos.conversations.find(ws, id))!;
    await scope.emit({
      type: 'automation.notice',
      workspaceId: ws,
      conversationId: id,
      internal: true,
      payload: {
        conversationId: id,
        number: row.number,
        text,
        ruleName: source.name,
        assigneeId: row.assignee_id,
        teamId: row.team_id,
      },
    });
  }

  /** Queues the delivery as a job in this transaction: no webhook for a rolled-back change. */
  private async webhook(
    scope: TransactionScope,
    ws: string,
    id: string,
    url: string,
    source: ChangeSource,
  ) {
    const { repos } = scope;
    checkWebhookUrl(url, 'actions.url', this.webhooks);
    const now = this.deps.clock.now();
    await repos.automations.ensureWebhookSecret(ws, randomSecret(32, 'whsec_'), now);
    const row = (await repos.conversations.find(ws, id))!;
    const [conversation] = await presentConversations(repos, [row]);
    const deliveryId = this.deps.ids();
    await repos.jobs.enqueue({
      id: this.deps.ids(),
      workspaceId: ws,
      kind: webhookJobKind,
      payload: {
        deliveryId,
        url,
        body: {
          type: 'automation.fired',
          automation: source,
          conversation: conversation!,
          occurredAt: now.toISOString(),
        },
      },
      idempotencyKey: deliveryId,
      runAt: now,
      maxAttempts: 10,
    });
  }
}
