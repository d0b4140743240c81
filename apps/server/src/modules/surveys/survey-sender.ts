import type { ConversationRow } from '../../db/schema.ts';
import type { JobRow } from '../../db/schema-email.ts';
import type { SurveyDelivery, SurveyKind, SurveySettingsRow } from '../../db/schema-surveys.ts';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import type {
  ConversationChange,
  ConversationHooks,
} from '../conversations/conversation.service.ts';
import { presentConversations } from '../conversations/conversation-query.service.ts';
import type { OutboundMailService } from '../email/outbound-mail.service.ts';
import { type MailTransport, PermanentSendError } from '../email/mail-transport.ts';
import { conversationReplyAddress } from '../email/mail-tokens.ts';
import { countedFieldsOf } from '../inbox/counted-fields.ts';
import { PermanentJobError } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { settingsIn } from './survey-answers.ts';
import { surveyMail } from './survey-mail.ts';
import { scaleOf } from './survey-scores.ts';
import { surveyLocale } from './survey-text.ts';

export const surveyJobKind = 'surveys.send';
const dayMs = 86_400_000;

/** How a solved conversation of this channel is surveyed automatically (others: by API). */
const deliveryOf = (channel: string): SurveyDelivery | null =>
  channel === 'chat' ? 'widget' : channel === 'email' ? 'email' : null;

/** The survey kinds a workspace sends after a solve. */
export function enabledKinds(settings: SurveySettingsRow): SurveyKind[] {
  return [
    ...(settings.csat_enabled ? (['csat'] as const) : []),
    ...(settings.nps_enabled ? (['nps'] as const) : []),
    ...(settings.ces_enabled ? (['ces'] as const) : []),
  ];
}

export interface SurveyMailPorts {
  /** Set once the email services exist (recipients and mailbox of a conversation). */
  outbound: OutboundMailService | null;
  transport: MailTransport;
  smtpUrl: string | null;
}

/**
 * Sends surveys after a solve. The conversation hook (in the solving transaction) only enqueues
 * the `surveys.send` job, due after the workspace's delay; the job creates the requests (one per
 * conversation and kind; periodic NPS at most once per customer per interval) and delivers
 * them: in the widget at once, by mail after the commit with signed one-click links.
 */
export class SurveySender implements ConversationHooks {
  constructor(
    private readonly deps: ServiceDeps,
    readonly mail: SurveyMailPorts,
  ) {}

  async afterWrite(scope: TransactionScope, row: ConversationRow, change: ConversationChange) {
    if (row.status !== 'solved' || (change !== 'status' && change !== 'policy_fields')) return;
    if (!deliveryOf(row.channel)) return;
    const settings = await scope.repos.surveys.settings(row.workspace_id);
    if (!settings || enabledKinds(settings).length === 0) return;
    if (!settings.channels.includes(row.channel)) return;
    const now = this.deps.clock.now();
    await scope.repos.jobs.enqueue({
      id: this.deps.ids(),
      workspaceId: row.workspace_id,
      kind: surveyJobKind,
      payload: { conversationId: row.id },
      // One job per solve; the requests' unique key makes a second solve send nothing new.
      idempotencyKey: `${row.id}:${new Date(row.updated_at).getTime()}`,
      runAt: new Date(now.getTime() + settings.delay_minutes * 60_000),
      maxAttempts: 8,
    });
  }

  async run(job: JobRow): Promise<void> {
    const ws = job.workspace_id!;
    const conversationId = String(job.payload.conversationId);
    const mail = await this.deps.uow.transaction((scope) =>
      this.createRequests(scope, ws, conversationId),
    );
    if (mail) await this.sendMail(ws, conversationId);
  }

  /** Creates the due requests; true when some wait to be mailed. */
  private async createRequests(scope: TransactionScope, ws: string, conversationId: string) {
    const { repos } = scope;
    const row = await repos.conversations.findForUpdate(ws, conversationId);
    // Reopened (or closed, merged) before the delay passed: no survey for this solve.
    if (!row || row.status !== 'solved' || row.merged_into_id) return false;
    const delivery = deliveryOf(row.channel);
    if (!delivery) return false;
    const now = this.deps.clock.now();
    const settings = await settingsIn(repos, ws, now);
    const customer = await repos.customers.find(ws, row.customer_id);
    const workspace = await repos.workspaces.findWorkspace(ws);
    const locale = surveyLocale(customer?.locale, workspace?.default_locale);
    let created = 0;
    for (const kind of enabledKinds(settings)) {
      if (!(await this.isDue(scope, row, kind, settings, now))) continue;
      const request = await repos.surveys.insertRequest({
        id: this.deps.ids(),
        workspaceId: ws,
        kind,
        conversationId: row.id,
        customerId: row.customer_id,
        channel: delivery,
        agentId: row.assignee_id,
        teamId: row.team_id,
        scale: scaleOf(kind, settings.csat_scale),
        locale,
        status: delivery === 'widget' ? 'sent' : 'pending',
        sentAt: delivery === 'widget' ? now : null,
        expiresAt: new Date(now.getTime() + settings.window_days * dayMs),
        at: now,
      });
      if (!request) continue;
      created += 1;
      await repos.conversations.insertEvent({
        id: this.deps.ids(),
        workspaceId: ws,
        conversationId: row.id,
        type: 'survey.sent',
        actorType: 'system',
        actorId: null,
        data: { requestId: request.id, kind, channel: delivery },
        at: now,
      });
    }
    if (created > 0) {
      // The widget shows the new survey card; agents' open views reload the survey panel.
      await scope.emit({
        type: 'conversation.updated',
        workspaceId: ws,
        conversationId: row.id,
        internal: false,
        payload: {
          conversation: (await presentConversations(repos, [row]))[0]!,
          changes: ['survey'],
          previous: countedFieldsOf(row),
        },
      });
    }
    return delivery === 'email';
  }

  /** Whether a survey of this kind goes out now (periodic NPS: not within the interval). */
  private async isDue(
    scope: TransactionScope,
    row: ConversationRow,
    kind: SurveyKind,
    settings: SurveySettingsRow,
    now: Date,
  ) {
    const { repos } = scope;
    if (await repos.surveys.findRequestOfConversation(row.workspace_id, row.id, kind)) return false;
    if (kind !== 'nps' || settings.nps_mode !== 'periodic') return true;
    // Two solves of one customer's conversations decide one after the other.
    await repos.surveys.lockCustomer(row.workspace_id, row.customer_id);
    const last = await repos.surveys.lastAskedAt(row.workspace_id, row.customer_id, 'nps');
    return !last || now.getTime() - last.getTime() >= settings.nps_interval_days * dayMs;
  }

  /** Mails the conversation's pending requests in one mail (at least once: retried on failure). */
  private async sendMail(ws: string, conversationId: string) {
    const prepared = await this.deps.uow.read(async (repos) => {
      const row = await repos.conversations.find(ws, conversationId);
      const requests = (await repos.surveys.forConversation(ws, conversationId)).filter(
        (r) => r.channel === 'email' && r.status === 'pending',
      );
      if (!row || requests.length === 0) return null;
      const recipients = this.mail.outbound
        ? await this.mail.outbound.recipientsFor(repos, row)
        : null;
      const settings = await repos.surveys.settings(ws);
      const workspace = await repos.workspaces.findWorkspace(ws);
      return { row, requests, recipients, secret: settings!.link_secret, name: workspace!.name };
    });
    if (!prepared) return;
    const { row, requests, recipients } = prepared;
    const channel = recipients?.channel ?? null;
    const to = recipients?.to[0]?.address ?? null;
    const smtpUrl = channel?.smtp_url ?? this.mail.smtpUrl;
    if (!channel || !to || !smtpUrl) {
      await this.markAll(ws, requests, 'failed');
      return;
    }
    const content = surveyMail({
      publicUrl: this.deps.publicUrl,
      secret: prepared.secret,
      workspaceName: prepared.name,
      conversationNumber: row.number,
      requests,
    });
    const domain = channel.address.slice(channel.address.lastIndexOf('@') + 1);
    try {
      await this.mail.transport.send(smtpUrl, {
        from: { address: channel.address, name: channel.from_name },
        replyTo: conversationReplyAddress(channel.token_secret, channel.address, row),
        to: [to],
        cc: [],
        subject: content.subject,
        messageId: `kefu-survey-${requests[0]!.id}@${domain}`,
        inReplyTo: null,
        references: [],
        text: content.text,
        html: content.html,
        // Automatic mail: out-of-office replies and other helpdesks do not answer it.
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        attachments: [],
      });
    } catch (error) {
      if (error instanceof PermanentSendError) {
        await this.markAll(ws, requests, 'failed');
        throw new PermanentJobError(error.message);
      }
      throw error;
    }
    await this.markAll(ws, requests, 'sent');
  }

  private markAll(ws: string, requests: { id: string }[], status: 'sent' | 'failed') {
    const now = this.deps.clock.now();
    return this.deps.uow.transaction(async ({ repos }) => {
      for (const request of requests)
        await repos.surveys.setRequestStatus(ws, request.id, status, now);
    });
  }
}
