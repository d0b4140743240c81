import type { Message, MessageEmail } from '@kefu/contracts';
import type { BlobStore } from '../../blob/blob-store.ts';
import type { ConversationRow } from '../../db/schema.ts';
import type { EmailAddress, JobRow } from '../../db/schema-email.ts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import { AppError } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import { ProcessCrash, failpoint } from '../jobs/failpoints.ts';
import { type JobOutcome, PermanentJobError } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentMessageEmail } from './email.presenter.ts';
import { baseSubject } from './mail-classify.ts';
import { conversationReplyAddress, outgoingMessageId, withSubjectNumber } from './mail-tokens.ts';
import { type MailTransport, PermanentSendError } from './mail-transport.ts';
import { isPlainAddress } from './parse-email.ts';

export const sendMailJob = 'email.send';

/** The most people one reply goes to (Zendesk's cap on CCs is 48). */
const maxRecipients = 50;

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/**
 * Agent replies by email: queued in the transaction that writes the message (so a rolled-back
 * reply never goes out), then sent by a job with retries. The same Message-ID is used on every
 * try, so a mail that did go out before a crash and goes out again is one mail to the
 * recipient's client.
 */
export class OutboundMailService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly blobs: BlobStore,
    private readonly transport: MailTransport,
    private readonly options: { smtpUrl: string | null },
  ) {}

  /** Who a reply on this conversation goes to by default: the customer and everyone on copy. */
  async recipientsFor(repos: Repositories, conversation: ConversationRow) {
    const thread = await repos.emailMessages.findThread(conversation.workspace_id, conversation.id);
    const channel = thread?.channel_id
      ? await repos.mailChannels.find(conversation.workspace_id, thread.channel_id)
      : await repos.mailChannels.defaultFor(conversation.workspace_id);
    let customerAddress = thread?.customer_address ?? null;
    if (!customerAddress) {
      const identities = await repos.customers.identitiesFor([conversation.customer_id]);
      customerAddress = identities.find((i) => i.kind === 'email')?.value ?? null;
    }
    const name = (await repos.customers.find(conversation.workspace_id, conversation.customer_id))
      ?.name;
    return {
      channel: channel ?? null,
      thread: thread ?? null,
      to: customerAddress ? [{ address: customerAddress, name: name ?? null }] : [],
      cc: thread?.cc_addresses ?? [],
      subject: withSubjectNumber(
        `Re: ${baseSubject(thread?.subject ?? conversation.subject ?? '')}`.trim(),
        conversation.number,
      ),
    };
  }

  /** Queues an agent's public reply (MessageService calls it inside its transaction). */
  async queueReply(
    scope: TransactionScope,
    conversation: ConversationRow,
    message: Message,
    recipients: { to: string[]; cc: string[] } | undefined,
  ): Promise<MessageEmail> {
    return this.queue(scope, conversation, message, { recipients, automatic: false });
  }

  /** Queues an automatic mail (an acknowledgement), marked so other systems do not answer it. */
  async queueAutomatic(scope: TransactionScope, conversation: ConversationRow, message: Message) {
    return this.queue(scope, conversation, message, { recipients: undefined, automatic: true });
  }

  private async queue(
    scope: TransactionScope,
    conversation: ConversationRow,
    message: Message,
    options: { recipients: { to: string[]; cc: string[] } | undefined; automatic: boolean },
  ): Promise<MessageEmail> {
    const { repos } = scope;
    const defaults = await this.recipientsFor(repos, conversation);
    const to = options.recipients ? options.recipients.to.map(plain) : defaults.to;
    const cc = options.recipients ? options.recipients.cc.map(plain) : defaults.cc;
    for (const [field, list] of [
      ['email.to', to],
      ['email.cc', cc],
    ] as const) {
      const bad = list.find((a) => !isPlainAddress(a.address));
      if (bad)
        throw new AppError('validation_failed', `${field}: ${bad.address} is not a mail address`, {
          field,
        });
    }
    if (to.length + cc.length > maxRecipients) {
      throw new AppError('validation_failed', `email.cc: at most ${maxRecipients} recipients`, {
        field: 'email.cc',
      });
    }
    const channel = defaults.channel;
    const now = this.deps.clock.now();
    const problem = !channel
      ? 'No mailbox is set up for this workspace: add one under Admin → Email'
      : to.length === 0
        ? 'The customer has no email address to reply to'
        : null;
    const rfcId = channel
      ? outgoingMessageId(channel.token_secret, message.id, domainOf(channel.address))
      : `kefu-${message.id}@unsent.invalid`;
    const chain = await repos.emailMessages.chainOf(conversation.id);
    const lastInbound = chain.filter((m) => m.direction === 'inbound').at(-1);
    if (channel && !defaults.thread && to[0]) {
      await repos.emailMessages.insertThread({
        conversationId: conversation.id,
        workspaceId: conversation.workspace_id,
        channelId: channel.id,
        customerAddress: to[0].address,
        cc,
        subject: conversation.subject ?? '',
        at: now,
      });
    } else if (options.recipients && defaults.thread) {
      // The agent edited the copy list: later replies keep it.
      await repos.emailMessages.setThreadCc(conversation.id, cc, now);
    }
    const row = await repos.emailMessages.insert({
      message_id: message.id,
      workspace_id: conversation.workspace_id,
      conversation_id: conversation.id,
      channel_id: channel?.id ?? null,
      direction: 'outbound',
      rfc_message_id: rfcId,
      in_reply_to: lastInbound?.rfc_message_id ?? chain.at(-1)?.rfc_message_id ?? null,
      references_ids: chain.map((m) => m.rfc_message_id).slice(-20),
      from_address: channel?.address ?? '',
      from_name: channel?.from_name ?? null,
      to_addresses: to,
      cc_addresses: cc,
      subject: defaults.subject,
      flags: options.automatic ? ['auto_submitted'] : [],
      delivery_status: problem ? 'failed' : 'queued',
      delivery_error: problem,
      created_at: now,
    });
    if (!problem) {
      await repos.jobs.enqueue({
        id: this.deps.ids(),
        workspaceId: conversation.workspace_id,
        kind: sendMailJob,
        payload: { messageId: message.id },
        idempotencyKey: message.id,
        runAt: now,
        maxAttempts: 8,
      });
    }
    return presentMessageEmail(row);
  }

  /** The `email.send` job: one message, one SMTP transaction. */
  async send(job: JobRow): Promise<JobOutcome> {
    const messageId = String(job.payload.messageId);
    const prepared = await this.deps.uow.transaction(async (scope) => {
      const email = await scope.repos.emailMessages.findForUpdate(messageId);
      if (!email || !['queued', 'sending'].includes(email.delivery_status ?? '')) return null;
      const message = await scope.repos.messages.findById(email.workspace_id, messageId);
      const channel = email.channel_id
        ? await scope.repos.mailChannels.findById(email.channel_id)
        : null;
      if (!message || !channel) return null;
      await this.setStatus(scope, email, 'sending', null);
      const attachments = await scope.repos.messages.attachmentsFor([messageId]);
      return { email, message, channel, attachments };
    });
    if (!prepared) return;
    const { email, message, channel } = prepared;
    const smtpUrl = channel.smtp_url ?? this.options.smtpUrl;
    if (!smtpUrl) {
      await this.finish(
        email,
        'failed',
        'No outgoing mail server: set one on the mailbox or SMTP_URL',
      );
      throw new PermanentJobError('no outgoing mail server');
    }
    const files = [];
    for (const a of prepared.attachments) {
      files.push({
        filename: a.filename,
        contentType: a.content_type,
        content: await this.read(a.blob_key),
      });
    }
    try {
      failpoint('mail.send.before-smtp');
      await this.transport.send(smtpUrl, {
        from: { address: channel.address, name: channel.from_name },
        replyTo: conversationReplyAddress(channel.token_secret, channel.address, {
          id: email.conversation_id,
          number: await this.numberOf(email.workspace_id, email.conversation_id),
        }),
        to: email.to_addresses.map((a) => a.address),
        cc: email.cc_addresses.map((a) => a.address),
        subject: email.subject ?? '',
        messageId: email.rfc_message_id,
        inReplyTo: email.in_reply_to,
        references: email.references_ids,
        text: message.body,
        html: message.html ?? `<div>${escapeHtml(message.body).replace(/\n/g, '<br>')}</div>`,
        headers: email.flags.includes('auto_submitted')
          ? { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' }
          : {},
        attachments: files,
      });
    } catch (error) {
      if (error instanceof ProcessCrash) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const last = error instanceof PermanentSendError || job.attempts >= job.max_attempts;
      await this.finish(email, last ? 'failed' : 'queued', last ? reason : `Will retry: ${reason}`);
      throw last ? new PermanentJobError(reason) : error;
    }
    failpoint('mail.send.after-smtp');
    await this.finish(email, 'sent', null);
  }

  private async numberOf(workspaceId: string, conversationId: string) {
    const row = await this.deps.uow.read((repos) =>
      repos.conversations.find(workspaceId, conversationId),
    );
    return row?.number ?? 0;
  }

  private async read(key: string) {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.blobs.get(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  private finish(
    email: { message_id: string; workspace_id: string; conversation_id: string },
    status: 'sent' | 'failed' | 'queued',
    error: string | null,
  ) {
    return this.deps.uow.transaction((scope) => this.setStatus(scope, email, status, error));
  }

  /** Records a delivery state and tells the agents following the conversation. */
  async setStatus(
    scope: TransactionScope,
    email: { message_id: string; workspace_id: string; conversation_id: string },
    status: 'queued' | 'sending' | 'sent' | 'failed' | 'bounced',
    error: string | null,
  ) {
    await scope.repos.emailMessages.setDelivery(email.message_id, status, {
      error,
      ...(status === 'sent' ? { sentAt: this.deps.clock.now() } : {}),
      ...(status === 'bounced' ? { addFlag: 'bounce' } : {}),
    });
    await scope.emit({
      type: 'message.delivery',
      workspaceId: email.workspace_id,
      conversationId: email.conversation_id,
      internal: true,
      payload: {
        messageId: email.message_id,
        conversationId: email.conversation_id,
        status,
        error,
      },
    });
  }
}

const plain = (address: string): EmailAddress => ({ address: address.toLowerCase(), name: null });
