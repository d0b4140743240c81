import type { z } from 'zod';
import type { CreateTagBody, UpdateTagBody } from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentTag } from './admin.presenter.ts';
import { recordChange } from './record-change.ts';

/** The key that makes tag names unique in a workspace, as conversations use it too. */
export const tagNameKey = (name: string) => name.trim().toLowerCase();

const nameTaken = () =>
  new AppError('already_exists', 'name: a tag with this name already exists', { field: 'name' });

/** Tags label conversations; agents also create them by use, admins curate them here. */
export class TagService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor) {
    const rows = await this.deps.uow.read((repos) => repos.admin.listTags(actor.workspaceId));
    return rows.map(presentTag);
  }

  async create(actor: Actor, input: z.output<typeof CreateTagBody>) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.admin.insertTag({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        name: input.name.trim(),
        nameKey: tagNameKey(input.name),
        color: input.color ?? null,
      });
      if (!row) throw nameTaken();
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'tag.created',
        targetType: 'tag',
        targetId: row.id,
        data: { name: row.name },
      });
      return presentTag(row);
    });
  }

  /** Renames or recolours a tag; conversations keep it, since they refer to it by id. */
  async update(actor: Actor, id: string, input: z.output<typeof UpdateTagBody>) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.admin.findTag(actor.workspaceId, id);
      if (!row) throw notFound('Tag');
      const patch = {
        ...(input.name !== undefined && input.name.trim() !== row.name
          ? { name: input.name.trim(), name_key: tagNameKey(input.name) }
          : {}),
        ...(input.color !== undefined && input.color !== row.color ? { color: input.color } : {}),
      };
      if (Object.keys(patch).length === 0) return presentTag(row);
      const updated = await repos.admin.updateTag(id, patch);
      if (!updated) throw nameTaken();
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'tag.updated',
        targetType: 'tag',
        targetId: id,
        data: {
          from: { name: row.name, color: row.color },
          to: { name: updated.name, color: updated.color },
        },
      });
      return presentTag(updated);
    });
  }

  /** Deletes a tag and removes it from every conversation. */
  async remove(actor: Actor, id: string) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.admin.findTag(actor.workspaceId, id);
      if (!row) throw notFound('Tag');
      await repos.admin.deleteTag(actor.workspaceId, id);
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'tag.deleted',
        targetType: 'tag',
        targetId: id,
        data: { name: row.name },
      });
    });
  }
}
