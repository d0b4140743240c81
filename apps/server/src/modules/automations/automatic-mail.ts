import type { JobRow } from '../../db/schema-email.ts';
import { presentMessage } from '../conversations/conversation.presenter.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { AutomaticMail } from './action-runner.ts';

export const automaticMailJobKind = 'automations.reply_mail';

interface Payload {
  conversationId: string;
  messageId: string;
  /** A trigger's reply to an incoming mail: not sent when that mail was automatic. */
  answersMail: boolean;
}

/**
 * Mails an automation's public reply on an email conversation, as a job after the commit:
 * a new conversation's mail thread (its mailbox and address) is written after the triggers ran
 * in the same transaction, so only then is there somewhere to send it. The mail is marked
 * automatic (Auto-Submitted), and a trigger never answers automatic mail (RFC 3834: an
 * out-of-office reply or another helpdesk's acknowledgement), so two systems cannot loop.
 */
export class AutomaticReplyMail {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly mail: AutomaticMail,
  ) {}

  async run(job: JobRow): Promise<void> {
    const payload = job.payload as unknown as Payload;
    const ws = job.workspace_id!;
    await this.deps.uow.transaction(async (scope) => {
      const { repos } = scope;
      const row = await repos.conversations.findForUpdate(ws, payload.conversationId);
      if (!row || !(await repos.emailMessages.findThread(ws, row.id))) return;
      if (payload.answersMail) {
        const flags = await repos.automations.lastInboundMailFlags(row.id);
        if (flags?.includes('auto_submitted')) return;
      }
      const message = await repos.automations.findMessage(ws, payload.messageId);
      // Queued once: a second run (after a crash past the commit) finds the mail row.
      if (!message || (await repos.emailMessages.forMessages([message.id])).length > 0) return;
      await this.mail.queueAutomatic(scope, row, presentMessage(message, []));
    });
  }
}
