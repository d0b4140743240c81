import type { z } from 'zod';
import type {
  CannedResponse,
  CannedResponseListQuery,
  CreateCannedResponseBody,
  UpdateCannedResponseBody,
} from '@kefu/contracts';
import type { CannedResponseRow } from '../../db/schema.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import { recordChange } from '../admin/record-change.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import {
  decodeCannedResponseCursor,
  encodeCannedResponseCursor,
} from './canned-response-cursor.ts';
import { canEditCannedResponse, presentCannedResponse } from './canned-response.presenter.ts';

/** The key that makes shortcuts unique: `Refund`, `refund` and full-width `ｒｅｆｕｎｄ` are one. */
export const shortcutKey = (shortcut: string) => shortcut.trim().normalize('NFKC').toLowerCase();

const shortcutTaken = () =>
  new AppError('already_exists', 'shortcut: another canned response already uses this shortcut', {
    field: 'shortcut',
  });

/**
 * Canned responses: shared reply templates. Every agent lists and uses them and may add new
 * ones; admins and the author change or delete them. Changes go to the audit log.
 */
export class CannedResponseService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(
    actor: Actor,
    query: z.output<typeof CannedResponseListQuery>,
  ): Promise<{ items: CannedResponse[]; nextCursor: string | null }> {
    const after = decodeCannedResponseCursor(query.cursor);
    const rows = await this.deps.uow.read((repos) =>
      repos.cannedResponses.list({
        workspaceId: actor.workspaceId,
        ...(query.q ? { q: query.q } : {}),
        after,
        limit: query.limit + 1,
      }),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => presentCannedResponse(row, actor)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCannedResponseCursor({ rank: last.rank, shortcutKey: last.shortcut_key })
          : null,
    };
  }

  async get(actor: Actor, id: string): Promise<CannedResponse> {
    const row = await this.deps.uow.read((repos) =>
      repos.cannedResponses.find(actor.workspaceId, id),
    );
    if (!row) throw notFound('Canned response');
    return presentCannedResponse(row, actor);
  }

  async create(
    actor: Actor,
    input: z.output<typeof CreateCannedResponseBody>,
  ): Promise<CannedResponse> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const now = this.deps.clock.now();
      const row = await repos.cannedResponses.insert({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        shortcut: input.shortcut,
        shortcutKey: shortcutKey(input.shortcut),
        title: input.title,
        body: input.body,
        createdBy: actor.kind === 'user' ? actor.userId : null,
        at: now,
      });
      if (!row) throw shortcutTaken();
      await this.audit(repos, actor, 'canned_response.created', row, {
        shortcut: row.shortcut,
        title: row.title,
      });
      return presentCannedResponse(row, actor);
    });
  }

  async update(
    actor: Actor,
    id: string,
    input: z.output<typeof UpdateCannedResponseBody>,
  ): Promise<CannedResponse> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const row = await this.editable(repos, actor, id, 'change');
      const patch = {
        ...(input.shortcut !== undefined && input.shortcut !== row.shortcut
          ? { shortcut: input.shortcut, shortcut_key: shortcutKey(input.shortcut) }
          : {}),
        ...(input.title !== undefined && input.title !== row.title ? { title: input.title } : {}),
        ...(input.body !== undefined && input.body !== row.body ? { body: input.body } : {}),
      };
      if (Object.keys(patch).length === 0) return presentCannedResponse(row, actor);
      const updated = await repos.cannedResponses.update(id, {
        ...patch,
        updated_at: this.deps.clock.now(),
      });
      if (!updated) throw shortcutTaken();
      await this.audit(repos, actor, 'canned_response.updated', row, {
        from: { shortcut: row.shortcut, title: row.title },
        to: { shortcut: updated.shortcut, title: updated.title },
        bodyChanged: patch.body !== undefined,
      });
      return presentCannedResponse(updated, actor);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.deps.uow.transaction(async ({ repos }) => {
      const row = await this.editable(repos, actor, id, 'delete');
      await repos.cannedResponses.delete(actor.workspaceId, id);
      await this.audit(repos, actor, 'canned_response.deleted', row, {
        shortcut: row.shortcut,
        title: row.title,
      });
    });
  }

  /** Loads and locks a canned response the actor may change: 404 if absent, 403 if not theirs. */
  private async editable(repos: Repositories, actor: Actor, id: string, verb: string) {
    const row = await repos.cannedResponses.findForUpdate(actor.workspaceId, id);
    if (!row) throw notFound('Canned response');
    if (!canEditCannedResponse(actor, row)) {
      throw new AppError(
        'forbidden',
        `Only an admin or the author can ${verb} this canned response`,
      );
    }
    return row;
  }

  private audit(
    repos: Repositories,
    actor: Actor,
    action: string,
    row: CannedResponseRow,
    data: Record<string, unknown>,
  ) {
    return recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
      action,
      targetType: 'canned_response',
      targetId: row.id,
      data,
    });
  }
}
