/**
 * The mailbox dialog's form as plain data: the draft a channel starts from, the problems the
 * form can see before asking the server, and the body to send. Passwords are write-only, so an
 * edit sends the outgoing server and the IMAP settings only when the admin changed them.
 */
import type { MailChannel } from './types.ts';

export interface MailChannelDraft {
  name: string;
  address: string;
  fromName: string;
  smtpUrl: string;
  useImap: boolean;
  imapHost: string;
  imapPort: string;
  imapSecure: boolean;
  imapUser: string;
  imapPassword: string;
  imapMailbox: string;
  autoAcknowledge: boolean;
  enabled: boolean;
}

export type DraftField =
  'address' | 'smtpUrl' | 'imapHost' | 'imapUser' | 'imapPort' | 'imapPassword';
export type DraftProblem = 'address' | 'smtpUrl' | 'imapIncomplete' | 'imapPort' | 'imapPassword';

export function draftOf(channel: MailChannel | null): MailChannelDraft {
  return {
    name: channel?.name ?? '',
    address: channel?.address ?? '',
    fromName: channel?.fromName ?? '',
    smtpUrl: channel?.smtpServer ?? '',
    useImap: !!channel?.imap,
    imapHost: channel?.imap?.host ?? '',
    imapPort: String(channel?.imap?.port ?? 993),
    imapSecure: channel?.imap?.secure ?? true,
    imapUser: channel?.imap?.user ?? '',
    imapPassword: '',
    imapMailbox: channel?.imap?.mailbox ?? 'INBOX',
    autoAcknowledge: channel?.autoAcknowledge ?? false,
    enabled: channel?.enabled ?? true,
  };
}

const imapKeys = [
  'imapHost',
  'imapPort',
  'imapSecure',
  'imapUser',
  'imapPassword',
  'imapMailbox',
] as const;

/** Whether the IMAP settings must be sent: new, or changed (which needs the password again). */
function imapChanged(draft: MailChannelDraft, channel: MailChannel | null): boolean {
  if (!draft.useImap) return false;
  if (!channel?.imap) return true;
  const saved = draftOf(channel);
  return imapKeys.some((key) => draft[key] !== saved[key]);
}

/** What is wrong with the draft, field by field (empty when it can be sent). */
export function draftProblems(
  draft: MailChannelDraft,
  channel: MailChannel | null,
): Partial<Record<DraftField, DraftProblem>> {
  const problems: Partial<Record<DraftField, DraftProblem>> = {};
  if (!channel && draft.address.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.address.trim()))
    problems.address = 'address';
  const smtp = draft.smtpUrl.trim();
  if (smtp && smtp !== (channel?.smtpServer ?? '') && !/^smtps?:\/\/\S+$/.test(smtp))
    problems.smtpUrl = 'smtpUrl';
  if (draft.useImap) {
    const port = Number(draft.imapPort);
    if (!Number.isInteger(port) || port < 1 || port > 65535) problems.imapPort = 'imapPort';
    if (imapChanged(draft, channel)) {
      if (!draft.imapHost.trim()) problems.imapHost = 'imapIncomplete';
      if (!draft.imapUser.trim()) problems.imapUser = 'imapIncomplete';
      if (!draft.imapPassword) problems.imapPassword = 'imapPassword';
    }
  }
  return problems;
}

/** The request body: the whole channel to create, or only what changed in an edit. */
export function mailChannelBody(
  draft: MailChannelDraft,
  channel: MailChannel | null,
): Record<string, unknown> {
  const optional = (value: string) => (value.trim() ? value.trim() : null);
  const imap = {
    host: draft.imapHost.trim(),
    port: Number(draft.imapPort),
    secure: draft.imapSecure,
    user: draft.imapUser.trim(),
    password: draft.imapPassword,
    mailbox: draft.imapMailbox.trim() || 'INBOX',
  };
  const body: Record<string, unknown> = {
    name: draft.name.trim(),
    fromName: optional(draft.fromName),
    autoAcknowledge: draft.autoAcknowledge,
    enabled: draft.enabled,
  };
  if (!channel) {
    body.address = draft.address.trim();
    body.smtpUrl = optional(draft.smtpUrl);
    body.imap = draft.useImap ? imap : null;
    return body;
  }
  // The stored URL comes back without its password: unchanged means "keep it".
  if (draft.smtpUrl.trim() !== (channel.smtpServer ?? '')) body.smtpUrl = optional(draft.smtpUrl);
  if (!draft.useImap && channel.imap) body.imap = null;
  else if (imapChanged(draft, channel)) body.imap = imap;
  return body;
}
