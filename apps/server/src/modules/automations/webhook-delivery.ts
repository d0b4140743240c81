import http from 'node:http';
import https from 'node:https';
import type { JobRow } from '../../db/schema-email.ts';
import { AppError } from '../../lib/errors.ts';
import { writeAudit } from '../audit.ts';
import { type JobOutcome, PermanentJobError } from '../jobs/job-runner.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { signWebhook } from './webhook-signature.ts';
import {
  RefusedTargetError,
  type WebhookTargetPolicy,
  checkWebhookUrl,
  resolveWebhookTarget,
} from './webhook-target.ts';

export const webhookJobKind = 'automations.webhook';

interface WebhookPayload {
  deliveryId: string;
  url: string;
  body: Record<string, unknown>;
}

/** How long a receiver gets to answer, and how much of its answer we read. */
const timeoutMs = 10_000;
const maxResponseBytes = 64 * 1024;

/**
 * Delivers one webhook (a job, retried with the runner's back-off; the `webhook-id` stays the
 * same across tries so receivers can drop repeats). The host is resolved and checked first and
 * the connection goes to that address (pinned, so DNS rebinding cannot redirect it). 2xx is
 * success; a redirect is not followed and counts as a failure; 410 Gone stops for good.
 */
export class WebhookDelivery {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly policy: WebhookTargetPolicy,
  ) {}

  async run(job: JobRow): Promise<JobOutcome> {
    const payload = job.payload as unknown as WebhookPayload;
    const secret = await this.deps.uow.read((repos) =>
      repos.automations.webhookSecret(job.workspace_id!),
    );
    if (!secret) throw new PermanentJobError('the workspace has no webhook secret');
    let url: URL;
    let target: { address: string; family: 4 | 6 };
    try {
      url = checkWebhookUrl(payload.url, 'url', this.policy);
      target = await resolveWebhookTarget(url, this.policy);
    } catch (error) {
      // A refused target never becomes acceptable by retrying; a failed lookup may.
      if (error instanceof RefusedTargetError || error instanceof AppError)
        throw new PermanentJobError(error.message);
      throw error;
    }
    const body = JSON.stringify(payload.body);
    const timestamp = Math.floor(this.deps.clock.now().getTime() / 1000);
    const status = await post(url, target, body, {
      'content-type': 'application/json',
      'user-agent': 'Kefu-Webhooks/1',
      'webhook-id': payload.deliveryId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, payload.deliveryId, timestamp, body),
    });
    if (status >= 200 && status < 300) return;
    if (status === 410) {
      await this.turnOff(job.workspace_id!, payload);
      throw new PermanentJobError('the receiver answered 410 Gone');
    }
    throw new Error(`the receiver answered ${status}`);
  }

  /**
   * A receiver that answers 410 Gone wants no more (Standard Webhooks): the rule that called it
   * is turned off, with an audit entry saying why, so the admin list shows it off and the audit
   * log tells the owner.
   */
  private async turnOff(workspaceId: string, payload: WebhookPayload) {
    const source = payload.body.automation as { kind?: string; id?: string } | undefined;
    if (!source?.id || (source.kind !== 'trigger' && source.kind !== 'time_rule')) return;
    const { kind, id } = source;
    await this.deps.uow.transaction(async ({ repos }) => {
      const now = this.deps.clock.now();
      if (!(await repos.automations.disableRule(workspaceId, kind, id, now))) return;
      await writeAudit(
        repos,
        { ids: this.deps.ids, now },
        {
          actor: null,
          workspaceId,
          action: `${kind}.disabled`,
          targetType: kind,
          targetId: id,
          data: { reason: 'webhook_gone', url: payload.url },
        },
      );
    });
  }
}

function post(
  url: URL,
  target: { address: string; family: 4 | 6 },
  body: string,
  headers: Record<string, string>,
): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
        // The address checked above, whatever a second lookup would say.
        lookup: (_host, options, callback) => {
          if ((options as { all?: boolean }).all)
            (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
              target,
            ]);
          else callback(null, target.address, target.family);
        },
      },
      (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > maxResponseBytes) response.destroy();
        });
        response.on('close', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('timeout', () => request.destroy(new Error('the receiver did not answer in time')));
    request.on('error', reject);
    request.end(body);
  });
}
