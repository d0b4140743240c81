import type { ConversationRow } from '../../db/schema.ts';
import type { MailChannelRow } from '../../db/schema-email.ts';
import type { Repositories } from '../../repositories/index.ts';
import { replyTag, subjectNumber, verifyMessageId, verifyReplyTag } from './mail-tokens.ts';
import type { ParsedEmail } from './parse-email.ts';

export interface ThreadTarget {
  /** The conversation the mail continues, locked for the write; null opens a new one. */
  conversation: ConversationRow | null;
  /** The sender is an agent of the workspace with a valid agent reply address. */
  verifiedAgent: { id: string } | null;
  /** The sender's address belongs to an agent of the workspace. */
  claimsAgent: boolean;
  /** The mail is one Kefu itself sent from this channel (it came back round). */
  ownMessage: boolean;
}

/**
 * Which conversation an inbound mail continues, strongest evidence first:
 * 1. a signed reply address (`support+c12-…@`) in the recipients;
 * 2. In-Reply-To / References naming a mail of this workspace (signed Kefu Message-IDs, or any
 *    Message-ID stored on a conversation: also the customer's own earlier mails, which is how a
 *    reply to an agent's reply from Outlook still finds its way);
 * 3. `[#12]` in the subject, only when the sender is already on that conversation.
 * Every lookup is scoped to the receiving workspace, so another workspace's token or number
 * never matches. Closed conversations are not continued: the mail opens a new one.
 */
export async function findThreadTarget(
  repos: Repositories,
  input: {
    workspaceId: string;
    channel: MailChannelRow;
    parsed: ParsedEmail;
    recipients: string[];
    /** The agent the sender's address belongs to, when the caller already looked it up. */
    senderMember?: { id: string } | null;
  },
): Promise<ThreadTarget> {
  const { workspaceId, channel, parsed } = input;
  const sender = parsed.from!.address;
  const secret = channel.token_secret;
  const member =
    input.senderMember !== undefined
      ? input.senderMember
      : await repos.emailMessages.memberByEmail(workspaceId, sender);
  const result: ThreadTarget = {
    conversation: null,
    verifiedAgent: null,
    claimsAgent: Boolean(member),
    ownMessage: Boolean(parsed.rfcMessageId && verifyMessageId(secret, parsed.rfcMessageId)),
  };
  if (result.ownMessage) return result;

  let candidate: ConversationRow | null = null;
  for (const address of input.recipients) {
    const tag = replyTag(address);
    if (!tag) continue;
    const row = await repos.conversations.findByNumber(workspaceId, tag.number);
    if (!row || !verifyReplyTag(secret, tag, row.id, sender)) continue;
    candidate = row;
    if (tag.kind === 'a' && member) result.verifiedAgent = { id: member.id };
    break;
  }
  if (!candidate) {
    const ids = [parsed.inReplyTo, ...[...parsed.references].reverse()].filter((v): v is string =>
      Boolean(v),
    );
    const signed = ids.map((id) => verifyMessageId(secret, id)).find(Boolean);
    if (signed) {
      const email = await repos.emailMessages.find(workspaceId, signed);
      if (email)
        candidate = (await repos.conversations.find(workspaceId, email.conversation_id)) ?? null;
    }
    if (!candidate) {
      const matches = await repos.emailMessages.findByRfcIds(workspaceId, ids);
      const byId = new Map(matches.map((m) => [m.rfc_message_id, m]));
      const first = ids.map((id) => byId.get(id)).find(Boolean);
      if (first)
        candidate = (await repos.conversations.find(workspaceId, first.conversation_id)) ?? null;
    }
  }
  if (!candidate) {
    const number = subjectNumber(parsed.subject);
    const row = number ? await repos.conversations.findByNumber(workspaceId, number) : undefined;
    if (row && (await isOnConversation(repos, row, sender))) candidate = row;
  }
  result.conversation = candidate ? await followMerges(repos, workspaceId, candidate) : null;
  return result;
}

/** A merged conversation's mail goes to the one it was merged into; a closed one is not reopened. */
async function followMerges(repos: Repositories, workspaceId: string, row: ConversationRow) {
  let current: ConversationRow | undefined = row;
  for (let hops = 0; current?.merged_into_id && hops < 10; hops += 1) {
    current = await repos.conversations.find(workspaceId, current.merged_into_id);
  }
  if (!current || current.status === 'closed' || current.merged_into_id) return null;
  return (await repos.conversations.findForUpdate(workspaceId, current.id)) ?? null;
}

async function isOnConversation(repos: Repositories, row: ConversationRow, address: string) {
  const thread = await repos.emailMessages.findThread(row.workspace_id, row.id);
  if (
    thread?.customer_address === address ||
    thread?.cc_addresses.some((a) => a.address === address)
  )
    return true;
  const identities = await repos.customers.identitiesFor([row.customer_id]);
  return identities.some((i) => i.kind === 'email' && i.value.toLowerCase() === address);
}
