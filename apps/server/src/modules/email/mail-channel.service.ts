import type { z } from 'zod';
import type {
  CreateMailChannelBody,
  InboundEmailListQuery,
  UpdateMailChannelBody,
} from '@kefu/contracts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { randomSecret } from '../../lib/secrets.ts';
import { recordChange } from '../admin/record-change.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import {
  presentInboundEmail,
  presentMailChannel,
  presentMessageEmailDetail,
} from './email.presenter.ts';
import type { InboundMailService } from './inbound-mail.service.ts';
import { processInboundJob } from './inbound-mail.service.ts';
import type { OutboundMailService } from './outbound-mail.service.ts';

const addressTaken = () =>
  new AppError('already_exists', 'address: another mailbox already uses this address', {
    field: 'address',
  });

/** Mailboxes (admins), the mail that arrived (admins), and the mail side of messages (agents). */
export class MailChannelService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly inbound: InboundMailService,
    private readonly outbound: OutboundMailService,
    private readonly wakeJobs: () => void,
  ) {}

  async list(actor: Actor) {
    return this.deps.uow.read(async (repos) => {
      const rows = await repos.mailChannels.list(actor.workspaceId);
      const attention = await repos.inboundEmails.attentionCounts(actor.workspaceId);
      return rows.map((row) => presentMailChannel(row, attention.get(row.id) ?? 0));
    });
  }

  async get(actor: Actor, id: string) {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.mailChannels.find(actor.workspaceId, id);
      if (!row) throw notFound('Mailbox');
      const attention = await repos.inboundEmails.attentionCounts(actor.workspaceId);
      return presentMailChannel(row, attention.get(row.id) ?? 0);
    });
  }

  async create(actor: Actor, input: z.output<typeof CreateMailChannelBody>) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const now = this.deps.clock.now();
      const row = await repos.mailChannels.insert({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        name: input.name,
        address: input.address.toLowerCase(),
        fromName: input.fromName ?? null,
        tokenSecret: randomSecret(32),
        smtpUrl: input.smtpUrl ?? null,
        imap: input.imap ?? null,
        autoAcknowledge: input.autoAcknowledge,
        enabled: input.enabled,
        at: now,
      });
      if (!row) throw addressTaken();
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'mail_channel.created',
        targetType: 'mail_channel',
        targetId: row.id,
        data: { address: row.address },
      });
      return presentMailChannel(row, 0);
    });
  }

  async update(actor: Actor, id: string, input: z.output<typeof UpdateMailChannelBody>) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.mailChannels.find(actor.workspaceId, id);
      if (!row) throw notFound('Mailbox');
      const now = this.deps.clock.now();
      const updated = await repos.mailChannels.update(id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.fromName !== undefined ? { from_name: input.fromName } : {}),
        ...(input.smtpUrl !== undefined ? { smtp_url: input.smtpUrl } : {}),
        ...(input.imap !== undefined
          ? {
              imap: input.imap ? JSON.stringify(input.imap) : null,
              // A different mailbox starts from its beginning.
              imap_state: JSON.stringify({}),
            }
          : {}),
        ...(input.autoAcknowledge !== undefined ? { auto_acknowledge: input.autoAcknowledge } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        updated_at: now,
      });
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'mail_channel.updated',
        targetType: 'mail_channel',
        targetId: id,
        data: { fields: Object.keys(input) },
      });
      const attention = await repos.inboundEmails.attentionCounts(actor.workspaceId);
      return presentMailChannel(updated, attention.get(id) ?? 0);
    });
  }

  async remove(actor: Actor, id: string) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const result = await repos.mailChannels.delete(actor.workspaceId, id);
      if (!result.numDeletedRows) throw notFound('Mailbox');
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'mail_channel.deleted',
        targetType: 'mail_channel',
        targetId: id,
      });
    });
  }

  async listInbound(actor: Actor, query: z.output<typeof InboundEmailListQuery>) {
    const rows = await this.deps.uow.read((repos) =>
      repos.inboundEmails.list(
        actor.workspaceId,
        { status: query.status, channelId: query.channelId },
        decodeCursor(query.cursor),
        query.limit,
      ),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(presentInboundEmail),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ value: new Date(last.received_at).toISOString(), id: last.id })
          : null,
    };
  }

  /** Tries a quarantined or held mail again (after a fix, or to let a held sender through). */
  async reprocess(actor: Actor, id: string) {
    const row = await this.deps.uow.transaction(async ({ repos }) => {
      const found = await repos.inboundEmails.find(actor.workspaceId, id);
      if (!found) throw notFound('Mail');
      if (!['quarantined', 'held', 'ignored'].includes(found.status)) {
        throw new AppError('conflict', 'This mail was already processed into a conversation');
      }
      const now = this.deps.clock.now();
      await repos.inboundEmails.settle(id, { status: 'received', at: now });
      await repos.jobs.enqueue({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        kind: processInboundJob,
        payload: { inboundEmailId: id, force: true },
        idempotencyKey: `${id}:retry:${now.getTime()}`,
        runAt: now,
        maxAttempts: 5,
      });
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'inbound_email.reprocessed',
        targetType: 'inbound_email',
        targetId: id,
      });
      return {
        ...found,
        status: 'received' as const,
        reason: null,
        detail: null,
        processed_at: null,
      };
    });
    this.wakeJobs();
    return presentInboundEmail(row);
  }

  async raw(actor: Actor, id: string) {
    const row = await this.deps.uow.read((repos) =>
      repos.inboundEmails.find(actor.workspaceId, id),
    );
    if (!row) throw notFound('Mail');
    return this.inbound.raw(row);
  }

  /** The whole mail behind a message: quoted history, full text and headers. */
  async messageEmail(actor: Actor, conversationId: string, messageId: string) {
    const row = await this.deps.uow.read((repos) =>
      repos.emailMessages.find(actor.workspaceId, messageId),
    );
    if (!row || row.conversation_id !== conversationId) throw notFound('Message');
    return presentMessageEmailDetail(row);
  }

  /**
   * The raw mail behind an inbound message, for any agent who can read the conversation (the
   * admin route above reaches every stored mail, this one only a message's own).
   */
  async messageRaw(actor: Actor, conversationId: string, messageId: string) {
    const row = await this.deps.uow.read(async (repos) => {
      const email = await repos.emailMessages.find(actor.workspaceId, messageId);
      if (!email || email.conversation_id !== conversationId || !email.inbound_email_id)
        return null;
      return repos.inboundEmails.find(actor.workspaceId, email.inbound_email_id);
    });
    if (!row) throw notFound('Mail');
    return this.inbound.raw(row);
  }

  /** Who a reply would go to now (the composer shows it, and the agent may change it). */
  async recipients(actor: Actor, conversationId: string) {
    return this.deps.uow.read(async (repos) => {
      const conversation = await repos.conversations.find(actor.workspaceId, conversationId);
      if (!conversation) throw notFound('Conversation');
      const r = await this.outbound.recipientsFor(repos, conversation);
      return {
        channelId: r.channel?.id ?? null,
        from: r.channel ? { address: r.channel.address, name: r.channel.from_name } : null,
        to: r.to,
        cc: r.cc,
        subject: r.subject,
      };
    });
  }
}
