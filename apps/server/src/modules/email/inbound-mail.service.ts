import { createHash } from 'node:crypto';
import type { BlobStore } from '../../blob/blob-store.ts';
import type { InboundEmailRow } from '../../db/schema-email.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { failpoint } from '../jobs/failpoints.ts';

export const processInboundJob = 'email.process';

export interface ReceiveInput {
  channelId: string;
  workspaceId: string;
  raw: Buffer;
  source: 'smtp' | 'imap';
  /** The SMTP envelope (MAIL FROM, RCPT TO) when the mail came through the listener. */
  envelope?: { mailFrom?: string | null; rcptTo?: string[] };
}

/**
 * What a mail is known by in its channel: its Message-ID, or a hash of its bytes without one.
 * The same Message-ID with different content is a different mail (never merged silently), so
 * the key also carries a hash of the content: the body and the headers a person wrote, not the
 * trace headers (Received, …) that a relay adds on a second delivery.
 */
export function dedupKeyOf(raw: Buffer): { key: string; rfcMessageId: string | null } {
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:\s*<?([^\s<>]{1,900})>?\s*$/im.exec(headers);
  if (!match || end === -1) {
    return { key: `sha256:${createHash('sha256').update(raw).digest('hex')}`, rfcMessageId: null };
  }
  const authored = headers
    .split(/\r?\n/)
    .filter((line) => /^(from|to|cc|subject|date|content-type):/i.test(line))
    .join('\n');
  const content = createHash('sha256')
    .update(authored)
    .update(raw.subarray(Buffer.byteLength(head.slice(0, end), 'latin1')))
    .digest('hex');
  return { key: `mid:${match[1]}:${content.slice(0, 16)}`, rfcMessageId: match[1]! };
}

/**
 * Store first, then process: the raw mail goes to the blob store and a `received` row plus a
 * processing job are committed together before the sender is told "accepted". A crash before
 * the commit loses nothing the sender was told we have; a crash after it leaves a job that runs
 * again. A second delivery of the same mail finds its key taken and changes nothing.
 */
export class InboundMailService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly blobs: BlobStore,
    private readonly wakeJobs: () => void,
  ) {}

  async receive(input: ReceiveInput): Promise<{ id: string; duplicate: boolean }> {
    const { key, rfcMessageId } = dedupKeyOf(input.raw);
    const id = this.deps.ids();
    const blobKey = `mail-${id}`;
    await this.blobs.putBuffer(blobKey, input.raw);
    failpoint('mail.receive.after-blob');
    const now = this.deps.clock.now();
    // One statement writes the row and its job: committing it is the moment the mail is ours.
    failpoint('mail.receive.before-commit');
    const row = await this.deps.uow.read((repos) =>
      repos.inboundEmails.insertWithJob(
        {
          id,
          workspace_id: input.workspaceId,
          channel_id: input.channelId,
          dedup_key: key,
          blob_key: blobKey,
          size: input.raw.length,
          source: input.source,
          envelope: input.envelope ?? {},
          status: 'received',
          rfc_message_id: rfcMessageId,
          received_at: now,
        },
        {
          id: this.deps.ids(),
          workspaceId: input.workspaceId,
          kind: processInboundJob,
          payload: { inboundEmailId: id },
          idempotencyKey: id,
          runAt: now,
          maxAttempts: 5,
        },
      ),
    );
    if (!row) {
      await this.blobs.delete(blobKey);
      return { id, duplicate: true };
    }
    this.wakeJobs();
    return { id: row.id, duplicate: false };
  }

  /** The raw bytes of a stored mail. */
  raw(row: Pick<InboundEmailRow, 'blob_key'>): Promise<Buffer> {
    return this.blobs.read(row.blob_key);
  }
}
