import type { Readable } from 'node:stream';
import type { VisitorAttachment } from '@kefu/contracts';
import { notFound } from '../../lib/errors.ts';
import type { AttachmentService } from '../attachments/attachment.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { verifyAttachmentLink } from './attachment-links.ts';
import type { VisitorActor } from './visitor-session.service.ts';
import type { VisitorView } from './visitor-view.ts';
import { presentVisitorAttachment } from './visitor.presenter.ts';

/** Files in widget chats: visitor uploads, and downloads through signed links. */
export class VisitorFileService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly attachments: AttachmentService,
    private readonly view: VisitorView,
  ) {}

  /** Stores an upload owned by the visitor's customer; only they can attach it. */
  async upload(
    visitor: VisitorActor,
    file: { filename: string; contentType: string; data: Readable },
  ): Promise<VisitorAttachment> {
    const attachment = await this.attachments.upload(visitor, file);
    const context = await this.deps.uow.read((repos) =>
      this.view.context(repos, visitor.workspaceId, []),
    );
    return presentVisitorAttachment(attachment, context);
  }

  /** The file behind a signed link; a bad or expired signature is not found. */
  async download(id: string, expires: number, signature: string) {
    const row = await this.deps.uow.read((repos) => repos.widget.findAttachmentForLink(id));
    if (
      !row ||
      !verifyAttachmentLink(row.link_secret, row.id, expires, signature, this.deps.clock.now())
    )
      throw notFound('Attachment');
    return this.attachments.downloadFrom(row.workspace_id, row.id);
  }
}
