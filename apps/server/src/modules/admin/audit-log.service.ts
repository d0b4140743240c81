import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentAuditEntry } from './admin.presenter.ts';

/** Reads the workspace's append-only audit log, newest first. */
export class AuditLogService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor, query: { cursor?: string | undefined; limit: number }) {
    const cursor = decodeCursor(query.cursor);
    if (cursor && Number.isNaN(Date.parse(cursor.value))) {
      throw new AppError('validation_failed', 'The cursor is not one this server issued', {
        field: 'cursor',
      });
    }
    const rows = await this.deps.uow.read((repos) =>
      repos.admin.listAudit(actor.workspaceId, cursor, query.limit),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(presentAuditEntry),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ value: new Date(last.created_at).toISOString(), id: last.id })
          : null,
    };
  }
}
