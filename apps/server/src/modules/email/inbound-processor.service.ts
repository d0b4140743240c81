import { splitReply } from '@kefu/text';
import type { BlobStore } from '../../blob/blob-store.ts';
import type { ConversationRow } from '../../db/schema.ts';
import type {
  EmailAddress,
  InboundEmailRow,
  JobRow,
  MailChannelRow,
} from '../../db/schema-email.ts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import type {
  NewEmailMessage,
  NewEmailThread,
} from '../../repositories/email-message.repository.ts';
import type { InboundOutcome } from '../../repositories/inbound-email.repository.ts';
import type { Repositories } from '../../repositories/index.ts';
import { cleanFilename } from '../attachments/attachment.service.ts';
import type { ConversationService } from '../conversations/conversation.service.ts';
import type { MessageService } from '../conversations/message.service.ts';
import { htmlToText } from '../conversations/message-content.ts';
import { failpoint } from '../jobs/failpoints.ts';
import type { JobOutcome } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { emailHtml } from './email-html.ts';
import { forwardedBlock, forwardedHtml } from './mail-attachments.ts';
import type { InboundMailService } from './inbound-mail.service.ts';
import { automaticMailReason } from './mail-classify.ts';
import { findThreadTarget } from './email-threading.ts';
import type { OutboundMailService } from './outbound-mail.service.ts';
import { MailRejected, type ParsedEmail, parseEmail } from './parse-email.ts';

export interface InboundOptions {
  /** Mails from one sender per channel within `floodWindowMs` before the rest are held. */
  floodLimit: number;
  floodWindowMs: number;
}

export const defaultInboundOptions: InboundOptions = { floodLimit: 30, floodWindowMs: 600_000 };

/** The most people kept on copy of one conversation (Zendesk's cap is 48). */
const maxCc = 48;

/**
 * The `email.process` job: turns a stored mail into a conversation message, or quarantines,
 * holds or ignores it with a reason. Runs again after a crash: the row's status says whether the
 * work was already committed, and everything it writes is written in one transaction.
 */
export class InboundProcessor {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly blobs: BlobStore,
    private readonly inbound: InboundMailService,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly outbound: OutboundMailService,
    private readonly options: InboundOptions = defaultInboundOptions,
  ) {}

  run(job: JobRow): Promise<JobOutcome> {
    return this.process(String(job.payload.inboundEmailId), job.payload.force === true, 0);
  }

  private async process(id: string, force: boolean, depth: number): Promise<JobOutcome> {
    const found = await this.deps.uow.read((repos) => repos.inboundEmails.findForProcessing(id));
    if (!found || !['received', 'held'].includes(found.row.status)) return;
    const { row, channel, ownAddresses } = found;
    let parsed: ParsedEmail;
    try {
      parsed = await parseEmail(await this.inbound.raw(row));
    } catch (error) {
      if (!(error instanceof MailRejected)) throw error;
      await this.settle(row, {
        status: 'quarantined',
        reason: error.reason,
        detail: error.message,
      });
      return;
    }
    if (!parsed.from) {
      // Nobody to answer: an admin decides (the subject and the raw mail are kept).
      await this.settle(row, {
        status: 'quarantined',
        reason: 'no_sender',
        detail: 'The mail has no usable From address',
        parsed,
      });
      return;
    }
    const from = parsed.from;
    if (!from) return;
    await this.processPredecessors(row, parsed, depth);
    if (ownAddresses.includes(from.address)) {
      await this.settle(row, {
        status: 'ignored',
        reason: 'own_address',
        detail: `The mail comes from this workspace's own address ${from.address}`,
        parsed,
      });
      return;
    }
    const since = new Date(this.deps.clock.now().getTime() - this.options.floodWindowMs);
    let held = false;
    await this.deps.uow.transaction(async (scope) => {
      const locked = await scope.repos.inboundEmails.lockForProcessing(row.id, from.address, since);
      if (!locked || !['received', 'held'].includes(locked.status)) return;
      // An admin's "process again" lets a held sender's mail through.
      if (locked.recentFromSender >= this.options.floodLimit && !force) {
        held = true;
        await this.settle(
          row,
          {
            status: 'held',
            reason: 'sender_flood',
            detail: `More than ${this.options.floodLimit} mails from ${from.address} in ${this.options.floodWindowMs / 60_000} minutes; held and taken in later`,
            parsed,
          },
          scope.repos,
        );
        return;
      }
      const files = await this.storeAttachments(row, parsed);
      await this.apply(scope, locked, channel, parsed, files, locked.senderMember);
      failpoint('mail.process.before-commit');
    });
    if (held)
      return { deferUntil: new Date(this.deps.clock.now().getTime() + this.options.floodWindowMs) };
  }

  /**
   * Jobs run side by side, so a reply can be taken up while the mail it answers still waits in
   * the queue (a burst, or a client that sends both at once). That mail is processed first, here,
   * or the reply would find no conversation to join; its own job then finds it done. A worker
   * processing it at this moment holds its row lock, and our attempt waits and finds it settled.
   */
  private async processPredecessors(row: InboundEmailRow, parsed: ParsedEmail, depth: number) {
    if (depth >= 3) return;
    const ids = [parsed.inReplyTo, ...parsed.references].filter((v): v is string => Boolean(v));
    if (ids.length === 0) return;
    const waiting = await this.deps.uow.read((repos) =>
      repos.inboundEmails.pendingPredecessors(row.channel_id, row.id, ids),
    );
    for (const predecessor of waiting) await this.process(predecessor.id, false, depth + 1);
  }

  /** Attachments go to the blob store under keys derived from the mail, so a re-run reuses them. */
  private async storeAttachments(row: InboundEmailRow, parsed: ParsedEmail) {
    const files = [];
    for (const [index, attachment] of parsed.attachments.entries()) {
      const blobKey = `mail-${row.id}-p${index}`;
      const size = await this.blobs.putBuffer(blobKey, attachment.content);
      files.push({ ...attachment, blobKey, size, id: this.deps.ids() });
    }
    return files;
  }

  private async apply(
    scope: TransactionScope,
    row: InboundEmailRow,
    channel: MailChannelRow,
    parsed: ParsedEmail,
    files: Awaited<ReturnType<InboundProcessor['storeAttachments']>>,
    senderMember: { id: string } | null,
  ) {
    const { repos } = scope;
    const from = parsed.from!;
    const automatic = automaticMailReason({
      headers: parsed.headers,
      envelopeFrom: row.envelope.mailFrom,
      fromAddress: from.address,
    });
    if (parsed.delivery) {
      const handled = await this.applyBounce(scope, row, channel, parsed);
      if (handled) return;
    }
    const target = await findThreadTarget(repos, {
      workspaceId: row.workspace_id,
      channel,
      parsed,
      senderMember,
      recipients: [
        ...(row.envelope.rcptTo ?? []),
        ...parsed.to.map((a) => a.address),
        ...parsed.cc.map((a) => a.address),
      ],
    });
    if (target.ownMessage) {
      await this.settle(
        row,
        { status: 'ignored', reason: 'own_message', detail: 'Kefu sent this mail itself', parsed },
        repos,
      );
      return;
    }
    if (parsed.delivery && !target.conversation) {
      await this.settle(
        row,
        {
          status: 'ignored',
          reason: 'bounce_unmatched',
          detail: 'A delivery report for a mail Kefu did not send',
          parsed,
        },
        repos,
      );
      return;
    }
    for (const file of files) {
      await repos.messages.insertAttachment({
        id: file.id,
        workspaceId: row.workspace_id,
        blobKey: file.blobKey,
        filename: cleanFilename(file.filename),
        contentType: safeType(file.contentType),
        size: file.size,
        uploadedBy: null,
        contentId: file.contentId,
      });
    }
    // An attached mail's block goes after the split, so it is never folded away as quoted text.
    const forwarded = forwardedBlock(parsed.forwarded);
    const ownHtml = parsed.html
      ? emailHtml(
          parsed.html,
          new Map(files.filter((f) => f.contentId).map((f) => [f.contentId!, f.id])),
        )
      : null;
    const html = ownHtml && { ...ownHtml, html: ownHtml.html + forwardedHtml(forwarded) };
    const ownText = (parsed.text || (ownHtml ? htmlToText(ownHtml.html) : '')).trim();
    const split = splitReply(ownText);
    const fullText = [ownText, forwarded].filter(Boolean).join('\n\n');
    const body =
      [split.reply, forwarded].filter(Boolean).join('\n\n') ||
      (files.length ? '' : parsed.subject || '(no text)');
    const flags: string[] = [];
    if (automatic) flags.push('auto_submitted');
    if (parsed.delivery) flags.push('bounce');
    if (html?.remoteImagesBlocked) flags.push('remote_images_blocked');
    if (parsed.decodeUncertain) flags.push('decode_uncertain');
    const attachmentIds = files.map((f) => f.id);
    let conversation = target.conversation;
    let messageId: string;
    let newThread: NewEmailThread | null = null;
    if (!conversation) {
      const created = await this.conversations.createIn(
        scope,
        row.workspace_id,
        null,
        {
          channel: 'email',
          subject: parsed.subject || null,
          customer: {
            identity: { kind: 'email', value: from.address },
            name: from.name ?? null,
          },
          message: { author: 'customer', body, visibility: 'public', attachmentIds },
          tags: [],
          priority: 'normal',
        } as Parameters<ConversationService['createIn']>[3],
        { body, html: html?.html ?? null },
      );
      conversation = created.row;
      messageId = created.message.id;
      newThread = {
        conversationId: conversation.id,
        workspaceId: row.workspace_id,
        channelId: channel.id,
        customerAddress: from.address,
        cc: this.copyList([], parsed, from.address, channel),
        subject: parsed.subject,
        at: this.deps.clock.now(),
      };
    } else {
      const participant = await this.isParticipant(repos, conversation, from.address);
      const agent = target.verifiedAgent;
      if (target.claimsAgent && !agent) flags.push('unverified_agent');
      if (!participant && !agent) flags.push('not_participant');
      const message = await this.messages.recordMessage(scope, null, conversation, {
        authorType: agent ? 'agent' : 'customer',
        authorId: agent?.id ?? null,
        // The "ticket trick": mail from someone not on the conversation stays internal.
        visibility: participant || agent ? 'public' : 'internal',
        body,
        html: html?.html ?? null,
        attachmentIds,
        reopen: !automatic,
      });
      messageId = message.id;
      if (participant && !agent) {
        const thread = await repos.emailMessages.findThread(row.workspace_id, conversation.id);
        if (thread) {
          await repos.emailMessages.setThreadCc(
            conversation.id,
            this.copyList(thread.cc_addresses, parsed, thread.customer_address, channel),
            this.deps.clock.now(),
          );
        }
      }
    }
    // A verified agent's reply is now an outgoing mail to the customer; that row describes it.
    const email: NewEmailMessage | null = target.verifiedAgent
      ? null
      : {
          message_id: messageId,
          workspace_id: row.workspace_id,
          conversation_id: conversation.id,
          channel_id: channel.id,
          direction: 'inbound',
          rfc_message_id: parsed.rfcMessageId ?? `inbound-${row.id}@kefu.invalid`,
          in_reply_to: parsed.inReplyTo,
          references_ids: parsed.references,
          from_address: from.address,
          from_name: from.name,
          to_addresses: parsed.to,
          cc_addresses: parsed.cc,
          subject: parsed.subject || null,
          quoted_text: split.quoted,
          full_text: fullText.slice(0, 1_000_000),
          inbound_email_id: row.id,
          flags,
          delivery_status: null,
          delivery_error: null,
          created_at: this.deps.clock.now(),
        };
    const processed = { status: 'processed' as const, conversationId: conversation.id, messageId };
    if (!target.conversation && channel.auto_acknowledge && !automatic) {
      // The acknowledgement is addressed from the thread, so it must be written first.
      if (newThread) await repos.emailMessages.insertThread(newThread);
      if (email) await repos.emailMessages.insert(email);
      await this.acknowledge(scope, conversation, from);
      await this.settle(row, { ...processed, parsed }, repos);
      return;
    }
    await repos.inboundEmails.settleWith(row.id, this.outcome({ ...processed, parsed }), {
      thread: newThread,
      email,
    });
  }

  /** A delivery report for a mail Kefu sent: mark it bounced and note it on the conversation. */
  private async applyBounce(
    scope: TransactionScope,
    row: InboundEmailRow,
    channel: MailChannelRow,
    parsed: ParsedEmail,
  ): Promise<boolean> {
    const report = parsed.delivery!;
    if (report.action && !/fail/i.test(report.action)) return false;
    const ids = [report.originalMessageId, parsed.inReplyTo, ...parsed.references].filter(
      (v): v is string => Boolean(v),
    );
    const matches = await scope.repos.emailMessages.findByRfcIds(row.workspace_id, ids);
    const original = matches.find((m) => m.direction === 'outbound');
    if (!original) return false;
    const conversation = await scope.repos.conversations.findForUpdate(
      row.workspace_id,
      original.conversation_id,
    );
    if (!conversation) return false;
    const reason =
      [report.status, report.diagnostic].filter(Boolean).join(' ') || 'Delivery failed';
    await this.outbound.setStatus(
      scope,
      {
        message_id: original.message_id,
        workspace_id: row.workspace_id,
        conversation_id: conversation.id,
      },
      'bounced',
      reason.slice(0, 500),
    );
    const note = await this.messages.recordMessage(scope, null, conversation, {
      authorType: 'system',
      authorId: null,
      visibility: 'internal',
      body: `Mail to ${report.recipient ?? 'the recipient'} bounced: ${reason}`.slice(0, 2000),
      html: null,
      attachmentIds: [],
      reopen: false,
    });
    await scope.repos.emailMessages.insert({
      message_id: note.id,
      workspace_id: row.workspace_id,
      conversation_id: conversation.id,
      channel_id: channel.id,
      direction: 'inbound',
      rfc_message_id: parsed.rfcMessageId ?? `inbound-${row.id}@kefu.invalid`,
      in_reply_to: parsed.inReplyTo,
      references_ids: parsed.references,
      from_address: parsed.from?.address ?? '',
      from_name: parsed.from?.name ?? null,
      to_addresses: parsed.to,
      cc_addresses: parsed.cc,
      subject: parsed.subject || null,
      quoted_text: null,
      full_text: parsed.text.slice(0, 100_000),
      inbound_email_id: row.id,
      flags: ['bounce', 'auto_submitted'],
      delivery_status: null,
      delivery_error: null,
      created_at: this.deps.clock.now(),
    });
    await this.settle(
      row,
      { status: 'processed', conversationId: conversation.id, messageId: note.id, parsed },
      scope.repos,
    );
    return true;
  }

  /** The customer, anyone copied on the thread, and the workspace's agents are on it. */
  private async isParticipant(repos: Repositories, conversation: ConversationRow, address: string) {
    const thread = await repos.emailMessages.findThread(conversation.workspace_id, conversation.id);
    if (thread?.customer_address === address) return true;
    if (thread?.cc_addresses.some((a) => a.address === address)) return true;
    const identities = await repos.customers.identitiesFor([conversation.customer_id]);
    if (identities.some((i) => i.kind === 'email' && i.value.toLowerCase() === address))
      return true;
    return Boolean(await repos.emailMessages.memberByEmail(conversation.workspace_id, address));
  }

  /** Reply-all: everyone on To and Cc but the customer and the workspace's own addresses. */
  private copyList(
    current: EmailAddress[],
    parsed: ParsedEmail,
    customerAddress: string,
    channel: MailChannelRow,
  ): EmailAddress[] {
    const own = channel.address_key.split('@');
    const isOwn = (address: string) => {
      const [local = '', domain] = address.split('@');
      return domain === own[1] && local.split('+')[0] === own[0];
    };
    const list = [...current];
    for (const person of [...parsed.to, ...parsed.cc]) {
      if (person.address === customerAddress || isOwn(person.address)) continue;
      if (!list.some((a) => a.address === person.address)) list.push(person);
    }
    return list.slice(0, maxCc);
  }

  private async acknowledge(
    scope: TransactionScope,
    conversation: ConversationRow,
    to: EmailAddress,
  ) {
    const body = `We received your message and will answer soon. Your reference is #${conversation.number}.\n\n我们已收到您的来信，会尽快回复。您的编号是 #${conversation.number}。`;
    const message = await this.messages.recordMessage(scope, null, conversation, {
      authorType: 'system',
      authorId: null,
      visibility: 'public',
      body,
      html: null,
      attachmentIds: [],
      reopen: false,
      beforeEvents: async (m) => ({
        ...m,
        email: await this.outbound.queueAutomatic(scope, conversation, m),
      }),
    });
    void to;
    return message;
  }

  private async settle(row: InboundEmailRow, outcome: Settlement, repos?: Repositories) {
    const write = (r: Repositories) => r.inboundEmails.settle(row.id, this.outcome(outcome));
    if (repos) await write(repos);
    else await this.deps.uow.transaction(({ repos: r }) => write(r));
  }

  private outcome(outcome: Settlement): InboundOutcome {
    return {
      status: outcome.status,
      reason: outcome.reason ?? null,
      detail: outcome.detail ?? null,
      ...(outcome.conversationId ? { conversationId: outcome.conversationId } : {}),
      ...(outcome.messageId ? { messageId: outcome.messageId } : {}),
      ...(outcome.parsed
        ? {
            fromAddress: outcome.parsed.from?.address ?? null,
            subject: outcome.parsed.subject || null,
          }
        : {}),
      at: this.deps.clock.now(),
    };
  }
}

interface Settlement {
  status: 'processed' | 'quarantined' | 'held' | 'ignored';
  reason?: string;
  detail?: string;
  conversationId?: string;
  messageId?: string;
  parsed?: ParsedEmail;
}

/** Only well-formed MIME types are kept; downloads decide what a browser may show. */
const safeType = (type: string) =>
  /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type.toLowerCase() : 'application/octet-stream';
