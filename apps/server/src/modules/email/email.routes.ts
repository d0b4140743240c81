import {
  CreateMailChannelBody,
  EmailRecipients,
  IdParams,
  InboundEmail,
  InboundEmailListQuery,
  InboundEmailPage,
  MailChannel,
  MessageEmailDetail,
  UpdateMailChannelBody,
} from '@kefu/contracts';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

const MessageParams = z.strictObject({ id: z.uuid(), messageId: z.uuid() });

/** A raw mail as a download: never shown by the browser (sandboxed, not sniffed, not cached). */
function sendRaw(reply: FastifyReply, raw: Buffer, filename: string) {
  return reply
    .header('content-type', 'message/rfc822')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(raw);
}

/** Mailboxes and inbound mail (admins); the mail side of conversations (agents). */
export const emailRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/mail-channels',
    summary: 'Mailboxes (support addresses) of the workspace',
    tag: 'email',
    access: 'admin',
    response: z.object({ items: z.array(MailChannel) }),
    handler: async ({ services, actor }) => ({ items: await services.email.channels.list(actor) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/mail-channels',
    summary: 'Add a mailbox: mail to its address becomes conversations',
    tag: 'email',
    access: 'admin',
    body: CreateMailChannelBody,
    response: MailChannel,
    status: 201,
    handler: ({ services, actor, body }) => services.email.channels.create(actor, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/mail-channels/:id',
    summary: 'One mailbox',
    tag: 'email',
    access: 'admin',
    params: IdParams,
    response: MailChannel,
    handler: ({ services, actor, params }) => services.email.channels.get(actor, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/v1/mail-channels/:id',
    summary: 'Change a mailbox (servers, acknowledgements, on or off)',
    tag: 'email',
    access: 'admin',
    params: IdParams,
    body: UpdateMailChannelBody,
    response: MailChannel,
    handler: ({ services, actor, params, body }) =>
      services.email.channels.update(actor, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/v1/mail-channels/:id',
    summary: 'Remove a mailbox (its conversations stay)',
    tag: 'email',
    access: 'admin',
    params: IdParams,
    response: z.null(),
    status: 204,
    handler: async ({ services, actor, params }) => {
      await services.email.channels.remove(actor, params.id);
      return null;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/inbound-emails',
    summary: 'Mail as it arrived, newest first; filter by status to see the quarantine',
    tag: 'email',
    access: 'admin',
    query: InboundEmailListQuery,
    response: InboundEmailPage,
    handler: ({ services, actor, query }) => services.email.channels.listInbound(actor, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/inbound-emails/:id/reprocess',
    summary: 'Process a quarantined, held or ignored mail again',
    tag: 'email',
    access: 'admin',
    params: IdParams,
    response: InboundEmail,
    handler: ({ services, actor, params }) => services.email.channels.reprocess(actor, params.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/inbound-emails/:id/raw',
    summary: 'The raw mail exactly as received (message/rfc822, as a download)',
    tag: 'email',
    access: 'admin',
    params: IdParams,
    response: z.unknown(),
    handler: async ({ services, actor, params, reply }) => {
      const raw = await services.email.channels.raw(actor, params.id);
      return sendRaw(reply, raw, `mail-${params.id}.eml`);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/messages/:messageId/email',
    summary: 'The whole mail behind a message: quoted history, full text, headers',
    tag: 'email',
    access: 'conversations:read',
    params: MessageParams,
    response: MessageEmailDetail,
    handler: ({ services, actor, params }) =>
      services.email.channels.messageEmail(actor, params.id, params.messageId),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/messages/:messageId/email/raw',
    summary:
      'The raw mail behind an inbound message, exactly as received (agents: "View original")',
    tag: 'email',
    access: 'conversations:read',
    params: MessageParams,
    response: z.unknown(),
    handler: async ({ services, actor, params, reply }) => {
      const raw = await services.email.channels.messageRaw(actor, params.id, params.messageId);
      return sendRaw(reply, raw, `message-${params.messageId}.eml`);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/conversations/:id/email-recipients',
    summary: 'Who a reply by email goes to by default (reply-all), for the composer',
    tag: 'email',
    access: 'conversations:read',
    params: IdParams,
    response: EmailRecipients,
    handler: ({ services, actor, params }) => services.email.channels.recipients(actor, params.id),
  }),
];
