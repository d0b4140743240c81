import type { z } from 'zod';
import type {
  Conversation,
  CreateConversationBody,
  Message,
  UpdateConversationBody,
} from '@kefu/contracts';
import { indexTokens } from '@kefu/text';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import type { ConversationRow } from '../../db/schema.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import { applyCustomFieldValues, missingRequiredFields } from '../admin/custom-field-values.ts';
import { type Actor, actorRef } from '../auth/actor.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentConversation, presentMessage } from './conversation.presenter.ts';
import { presentConversations } from './conversation-query.service.ts';
import { diffConversationFields } from './conversation-changes.ts';
import { messageContent } from './message-content.ts';
import { countedFieldsOf } from '../inbox/counted-fields.ts';

type Row = ConversationRow;

/** Changes after which the SLA policy is selected again (conditions look at these). */
const policyFields = new Set(['priority', 'channel', 'teamId', 'tags']);

/**
 * What happened to a conversation inside a writing transaction, for the modules that keep
 * derived state (SLA clocks). `policy_fields`: priority, channel, team or tags changed.
 */
export type ConversationChange = 'created' | 'policy_fields' | 'status' | 'message';
export interface ConversationHooks {
  afterWrite(scope: TransactionScope, row: Row, change: ConversationChange): Promise<void>;
}

/** What a trigger run is told about the write that caused it (modules/automations). */
export interface TriggerEventInput {
  kind: 'created' | 'updated';
  /** The fields that changed (`message` for a new public message). */
  changes: string[];
  message: { text: string; author: string } | null;
  /** A survey rating that caused this run (modules/surveys): its kind, score and bucket. */
  survey?: { kind: string; score: number; rating: string } | null;
}
/** The trigger engine: runs in the writing transaction and returns the row as it left it. */
export interface TriggerHook {
  runTriggers(scope: TransactionScope, row: Row, event: TriggerEventInput): Promise<Row>;
}
/** The automation that made a change, recorded on its timeline entries. */
export interface ChangeSource {
  kind: 'trigger' | 'time_rule' | 'macro';
  id: string;
  name: string;
}

/** Conversation changes: creation with the first message, updates, and the shared write steps. */
export class ConversationService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly customers: CustomerService,
    /** Runs after each write, in its transaction (SLA policy selection and clocks). */
    readonly hooks: ConversationHooks | null = null,
  ) {}

  /** Set once the automations exist (their actions go through this service). */
  triggers: TriggerHook | null = null;

  /**
   * Runs the workspace's triggers on a write, inside its transaction. Callers run it before
   * the SLA hook where they can: SLA policies are evaluated after triggers.
   */
  runTriggersIn(scope: TransactionScope, row: Row, event: TriggerEventInput): Promise<Row> {
    return this.triggers ? this.triggers.runTriggers(scope, row, event) : Promise.resolve(row);
  }

  async create(
    actor: Actor,
    input: z.output<typeof CreateConversationBody>,
  ): Promise<Conversation> {
    const content = messageContent(input.message);
    if (!content.body && !content.html && !input.message.attachmentIds?.length) {
      throw new AppError(
        'validation_failed',
        'message.body: a message needs text, HTML or an attachment',
        { field: 'message.body' },
      );
    }
    return this.deps.uow.transaction(
      async (scope) =>
        (await this.createIn(scope, actor.workspaceId, actor, input, content)).conversation,
    );
  }

  /**
   * Creates a conversation with its first message inside the caller's transaction. `actor` is
   * null for conversations the system opens (an inbound mail): the timeline says "system".
   */
  async createIn(
    scope: TransactionScope,
    ws: string,
    actor: Actor | null,
    input: z.output<typeof CreateConversationBody>,
    content: { body: string; html: string | null },
  ): Promise<{ conversation: Conversation; message: Message; row: Row }> {
    const { repos } = scope;
    const now = this.deps.clock.now();
    const customer =
      'id' in input.customer
        ? await this.existingCustomer(repos, ws, input.customer.id)
        : await this.customers.resolveByIdentity(
            scope,
            ws,
            input.customer.identity,
            input.customer.name ?? null,
          );
    const customerId = customer.id;
    await this.checkAssignment(repos, ws, input.assigneeId ?? null, input.teamId ?? null);
    const values = input.customFields ?? {};
    // Most new conversations (mail, chat) set no custom field: nothing to check them against.
    const definitions = Object.keys(values).length
      ? await repos.admin.listCustomFields(ws, 'conversation')
      : [];
    const customFields = applyCustomFieldValues(definitions, {}, values);
    const number = await repos.workspaces.nextCounter(ws, 'conversation');
    const row = await repos.conversations.insert({
      id: this.deps.ids(),
      workspace_id: ws,
      number,
      channel: input.channel,
      subject: input.subject ?? null,
      status: input.assigneeId ? 'open' : 'new',
      priority: input.priority ?? 'normal',
      customer_id: customerId,
      assignee_id: input.assigneeId ?? null,
      team_id: input.teamId ?? null,
      custom_fields: JSON.stringify(customFields),
      last_message_at: now,
      created_at: now,
      updated_at: now,
    });
    // A new conversation has no tags to replace: nothing to do without any.
    const tags = input.tags?.length ? await this.setTags(repos, ws, row.id, input.tags) : [];
    await this.timeline(
      repos,
      actor,
      row,
      'conversation.created',
      { channel: row.channel, number },
      now,
    );
    const author = input.message.author;
    const message = await this.insertMessage(scope, row, {
      authorType: author,
      authorId: author === 'agent' && actor?.kind === 'user' ? actor.userId : null,
      visibility: author === 'customer' ? 'public' : input.message.visibility,
      body: content.body,
      html: content.html,
      attachmentIds: input.message.attachmentIds ?? [],
      extraSearchText: row.subject ?? '',
      at: now,
    });
    const conversation = presentConversation(row, { tags, customerName: customer.name });
    await scope.emit({
      type: 'conversation.created',
      workspaceId: ws,
      conversationId: row.id,
      internal: false,
      payload: { conversation },
    });
    await scope.emit({
      type: 'message.created',
      workspaceId: ws,
      conversationId: row.id,
      internal: message.visibility === 'internal',
      payload: { message },
    });
    const latest = await this.runTriggersIn(scope, row, {
      kind: 'created',
      changes: [],
      message: { text: content.body, author },
    });
    await this.hooks?.afterWrite(scope, latest, 'created');
    if (latest === row) return { conversation, message, row };
    return {
      conversation: (await presentConversations(repos, [latest]))[0]!,
      message,
      row: latest,
    };
  }

  /** The customer named by id, or the one it was merged into (with that one's name). */
  private async existingCustomer(repos: Repositories, workspaceId: string, id: string) {
    const customer = await repos.customers.find(workspaceId, id);
    if (!customer)
      throw new AppError('validation_failed', 'customer.id: no such customer', {
        field: 'customer.id',
      });
    if (!customer.merged_into_id) return { id: customer.id, name: customer.name };
    const survivor = await repos.customers.find(workspaceId, customer.merged_into_id);
    return { id: customer.merged_into_id, name: survivor?.name ?? null };
  }

  private async checkAssignment(
    repos: Repositories,
    workspaceId: string,
    assigneeId: string | null,
    teamId: string | null,
  ) {
    if (
      assigneeId &&
      !(await repos.workspaces.activeMemberIds(workspaceId, [assigneeId])).has(assigneeId)
    ) {
      throw new AppError('validation_failed', 'assigneeId: no active agent with this id', {
        field: 'assigneeId',
      });
    }
    if (teamId && !(await repos.admin.existingTeamIds(workspaceId, [teamId])).has(teamId)) {
      throw new AppError('validation_failed', 'teamId: no such team', { field: 'teamId' });
    }
  }

  private async setTags(
    repos: Repositories,
    workspaceId: string,
    conversationId: string,
    names: string[],
  ) {
    const unique = new Map<string, string>();
    for (const name of names)
      if (!unique.has(name.trim().toLowerCase()))
        unique.set(name.trim().toLowerCase(), name.trim());
    const tags = await repos.admin.ensureTags(
      workspaceId,
      [...unique].map(([nameKey, name]) => ({ id: this.deps.ids(), name, nameKey })),
    );
    await repos.conversations.replaceTags(
      workspaceId,
      conversationId,
      tags.map((t) => t.id),
    );
    return tags.map((t) => t.name).sort();
  }

  private timeline(
    repos: Repositories,
    actor: Actor | null,
    row: Row,
    type: string,
    data: Record<string, unknown>,
    at: Date,
  ) {
    const ref = actor ? actorRef(actor) : { actorType: 'system' as const, actorId: null };
    return repos.conversations.insertEvent({
      id: this.deps.ids(),
      workspaceId: row.workspace_id,
      conversationId: row.id,
      type,
      ...ref,
      data,
      at,
    });
  }

  /** Inserts a message with its attachments and search tokens, inside the caller's transaction. */
  async insertMessage(
    scope: TransactionScope,
    row: Row,
    input: {
      authorType: 'customer' | 'agent' | 'bot' | 'system';
      authorId: string | null;
      visibility: 'public' | 'internal';
      body: string;
      html: string | null;
      attachmentIds: string[];
      extraSearchText?: string;
      at: Date;
    },
  ) {
    const { repos } = scope;
    const id = this.deps.ids();
    const inserted = await repos.messages.insert({
      id,
      workspaceId: row.workspace_id,
      conversationId: row.id,
      authorType: input.authorType,
      authorId: input.authorId,
      visibility: input.visibility,
      body: input.body,
      html: input.html,
      searchTokens: indexTokens(`${input.extraSearchText ?? ''} ${input.body}`),
      at: input.at,
    });
    const unique = [...new Set(input.attachmentIds)];
    const attachments = await repos.messages.attach(row.workspace_id, id, unique);
    if (attachments.length !== unique.length) {
      throw new AppError(
        'validation_failed',
        'attachmentIds: an attachment does not exist or is already used',
        { field: 'attachmentIds' },
      );
    }
    return presentMessage(inserted, attachments);
  }

  async update(
    actor: Actor,
    id: string,
    input: z.output<typeof UpdateConversationBody>,
  ): Promise<Conversation> {
    return this.deps.uow.transaction((scope) =>
      this.updateIn(scope, actor, actor.workspaceId, id, input),
    );
  }

  /**
   * Applies an update inside the caller's transaction. `actor` is null for changes the system
   * makes (an SLA breach action): the timeline says "system".
   */
  async updateIn(
    scope: TransactionScope,
    actor: Actor | null,
    ws: string,
    id: string,
    input: z.output<typeof UpdateConversationBody>,
    /** A trigger, time rule or macro making this change: named on the timeline. */
    via?: ChangeSource,
  ): Promise<Conversation> {
    const { repos } = scope;
    const source = via ? { via } : {};
    const row = await repos.conversations.findForUpdate(ws, id);
    if (!row) throw notFound('Conversation');
    if (row.merged_into_id)
      throw new AppError('conflict', 'This conversation was merged into another and cannot change');
    if (input.expectedAssigneeId !== undefined && row.assignee_id !== input.expectedAssigneeId) {
      throw new AppError('conflict', 'Someone else changed the assignee first', {
        field: 'expectedAssigneeId',
        details: { assigneeId: row.assignee_id },
      });
    }
    if (input.assigneeId !== undefined || input.teamId !== undefined) {
      await this.checkAssignment(repos, ws, input.assigneeId ?? null, input.teamId ?? null);
    }
    const now = this.deps.clock.now();
    const diff = diffConversationFields(row, input);
    const patch: Parameters<Repositories['conversations']['update']>[1] = { ...diff.patch };
    const changes: string[] = diff.changes.map((c) => c.field);
    for (const change of diff.changes) {
      const data = {
        from: change.from,
        to: change.to,
        ...(change.reason ? { reason: change.reason } : {}),
        ...source,
      };
      await this.timeline(repos, actor, row, change.event, data, now);
    }
    const customFields = await this.checkCustomFields(
      repos,
      row,
      input.customFields,
      patch.status ?? row.status,
    );
    if (input.customFields) {
      patch.custom_fields = JSON.stringify(customFields);
      changes.push('customFields');
      await this.timeline(
        repos,
        actor,
        row,
        'custom_fields.changed',
        { changes: input.customFields, ...source },
        now,
      );
    }
    let tags: string[] | undefined;
    if (input.tags) {
      const before = (await repos.conversations.tagsFor([id])).get(id) ?? [];
      tags = await this.setTags(repos, ws, id, input.tags);
      if (before.join('\n') !== tags.join('\n')) {
        changes.push('tags');
        await this.timeline(
          repos,
          actor,
          row,
          'tags.changed',
          { from: before, to: tags, ...source },
          now,
        );
      }
    }
    if (changes.length === 0) return (await presentConversations(repos, [row]))[0]!;
    const updated = await repos.conversations.update(id, { ...patch, updated_at: now });
    if (changes.some((c) => policyFields.has(c)))
      await this.hooks?.afterWrite(scope, updated, 'policy_fields');
    else if (changes.includes('status')) await this.hooks?.afterWrite(scope, updated, 'status');
    const conversation = (await presentConversations(repos, [updated]))[0]!;
    await scope.emit({
      type: 'conversation.updated',
      workspaceId: ws,
      conversationId: id,
      internal: false,
      payload: { conversation, changes, previous: countedFieldsOf(row) },
    });
    if (changes.includes('assigneeId') || changes.includes('teamId')) {
      await scope.emit({
        type: 'assignment.changed',
        workspaceId: ws,
        conversationId: id,
        internal: true,
        payload: {
          conversationId: id,
          assigneeId: updated.assignee_id,
          previousAssigneeId: row.assignee_id,
          teamId: updated.team_id,
        },
      });
    }
    const latest = await this.runTriggersIn(scope, updated, {
      kind: 'updated',
      changes,
      message: null,
    });
    return latest === updated ? conversation : (await presentConversations(repos, [latest]))[0]!;
  }

  /**
   * The custom-field values after an update, validated against the definitions; and, when the
   * conversation is being solved or closed, every required field must have a value.
   */
  private async checkCustomFields(
    repos: Repositories,
    row: Row,
    changes: Record<string, unknown> | undefined,
    nextStatus: Row['status'],
  ): Promise<Record<string, unknown>> {
    const closing =
      (nextStatus === 'solved' || nextStatus === 'closed') && row.status !== nextStatus;
    if (!changes && !closing) return row.custom_fields;
    const definitions = await repos.admin.listCustomFields(row.workspace_id, 'conversation');
    const values = changes
      ? applyCustomFieldValues(definitions, row.custom_fields, changes)
      : row.custom_fields;
    const missing = closing ? missingRequiredFields(definitions, values) : [];
    if (missing.length > 0) {
      throw new AppError(
        'validation_failed',
        `Fill in the required fields before solving: ${missing.join(', ')}`,
        {
          field: `customFields.${missing[0]}`,
        },
      );
    }
    return values;
  }

  /** Loads a conversation for a change, locked, or fails with not found. */
  async lockForChange(repos: Repositories, workspaceId: string, id: string) {
    const row = await repos.conversations.findForUpdate(workspaceId, id);
    if (!row) throw notFound('Conversation');
    return row;
  }

  recordTimeline(
    repos: Repositories,
    actor: Actor | null,
    row: Row,
    type: string,
    data: Record<string, unknown>,
    at: Date,
  ) {
    return this.timeline(repos, actor, row, type, data, at);
  }
}
