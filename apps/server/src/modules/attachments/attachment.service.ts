import type { Readable } from 'node:stream';
import { type BlobStore, BlobTooLargeError } from '../../blob/blob-store.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { presentAttachment } from '../conversations/conversation.presenter.ts';
import type { ServiceDeps } from '../service-deps.ts';

/** Types a browser may show inline; everything else is served as a download. SVG is excluded
 * because it can carry script. */
const inlineTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * A file name fit for display: no directories, no control characters, bounded. It is only ever
 * shown and sent back in Content-Disposition; storage uses a generated key.
 */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}

/** Uploads and downloads of message attachments through the blob store. */
export class AttachmentService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly blobs: BlobStore,
    private readonly maxBytes: number,
  ) {}

  async upload(actor: Actor, file: { filename: string; contentType: string; data: Readable }) {
    const id = this.deps.ids();
    const blobKey = id;
    let size: number;
    try {
      size = await this.blobs.put(blobKey, file.data, { maxBytes: this.maxBytes });
    } catch (error) {
      if (error instanceof BlobTooLargeError) {
        throw new AppError(
          'payload_too_large',
          `The file is larger than the ${Math.floor(this.maxBytes / 1024 / 1024)} MB limit`,
          { field: 'file' },
        );
      }
      throw error;
    }
    const contentType = /^[\w.+-]+\/[\w.+-]+$/.test(file.contentType)
      ? file.contentType.toLowerCase()
      : 'application/octet-stream';
    try {
      const row = await this.deps.uow.transaction(({ repos }) =>
        repos.messages.insertAttachment({
          id,
          workspaceId: actor.workspaceId,
          blobKey,
          filename: cleanFilename(file.filename),
          contentType,
          size,
          // A visitor's upload records the customer, so only they can attach it.
          uploadedBy:
            actor.kind === 'user'
              ? actor.userId
              : actor.kind === 'visitor'
                ? actor.customerId
                : null,
        }),
      );
      return presentAttachment(row);
    } catch (error) {
      await this.blobs.delete(blobKey);
      throw error;
    }
  }

  /** The file and how to serve it safely. */
  download(actor: Actor, id: string) {
    return this.downloadFrom(actor.workspaceId, id);
  }

  /** The same for a caller that has already authorised access (the widget's signed links). */
  async downloadFrom(workspaceId: string, id: string) {
    const row = await this.deps.uow.read((repos) => repos.messages.findAttachment(workspaceId, id));
    if (!row) throw notFound('Attachment');
    const inline = inlineTypes.has(row.content_type);
    return {
      data: await this.blobs.get(row.blob_key),
      filename: row.filename,
      size: row.size,
      contentType: inline ? row.content_type : 'application/octet-stream',
      disposition: inline ? ('inline' as const) : ('attachment' as const),
    };
  }
}
