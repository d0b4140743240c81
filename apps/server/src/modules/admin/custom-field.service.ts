import type { z } from 'zod';
import type {
  CreateCustomFieldBody,
  CustomFieldEntity,
  CustomFieldType,
  UpdateCustomFieldBody,
} from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentCustomField } from './admin.presenter.ts';
import { recordChange } from './record-change.ts';

const withOptions = new Set<string>(['select', 'multiselect']);

/**
 * The options a field of `type` may have: select and multiselect need at least one, each once;
 * every other type has none.
 */
export function checkOptions(
  type: z.output<typeof CustomFieldType>,
  options: string[] | undefined,
): string[] {
  const given = options ?? [];
  if (!withOptions.has(type)) {
    if (given.length > 0)
      throw new AppError('validation_failed', `options: a ${type} field has no options`, {
        field: 'options',
      });
    return [];
  }
  if (given.length === 0)
    throw new AppError('validation_failed', `options: a ${type} field needs at least one option`, {
      field: 'options',
    });
  if (new Set(given).size !== given.length)
    throw new AppError('validation_failed', 'options: each option may appear only once', {
      field: 'options',
    });
  return given;
}

/** Definitions of the extra fields that conversations and customers carry. */
export class CustomFieldService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor, entity?: z.output<typeof CustomFieldEntity>) {
    const rows = await this.deps.uow.read((repos) =>
      repos.admin.listCustomFields(actor.workspaceId, entity),
    );
    return rows.map(presentCustomField);
  }

  /** Defines a field; without a position it goes after the entity's other fields. */
  async create(actor: Actor, input: z.output<typeof CreateCustomFieldBody>) {
    const options = checkOptions(input.type, input.options);
    return this.deps.uow.transaction(async ({ repos }) => {
      const siblings = await repos.admin.listCustomFields(actor.workspaceId, input.entity);
      const row = await repos.admin.insertCustomField({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        entity: input.entity,
        key: input.key,
        label: input.label,
        type: input.type,
        options,
        required: input.required ?? false,
        position: input.position ?? Math.max(-1, ...siblings.map((s) => s.position)) + 1,
      });
      if (!row) {
        throw new AppError(
          'already_exists',
          `key: a ${input.entity} field with this key already exists`,
          { field: 'key' },
        );
      }
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'custom_field.created',
        targetType: 'custom_field',
        targetId: row.id,
        data: { entity: row.entity, key: row.key, type: row.type },
      });
      return presentCustomField(row);
    });
  }

  /** Changes label, options, required or position; the key, entity and type are fixed. */
  async update(actor: Actor, id: string, input: z.output<typeof UpdateCustomFieldBody>) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.admin.findCustomField(actor.workspaceId, id);
      if (!row) throw notFound('Custom field');
      const patch = {
        ...(input.label !== undefined ? { label: input.label } : {}),
        ...(input.options !== undefined ? { options: checkOptions(row.type, input.options) } : {}),
        ...(input.required !== undefined ? { required: input.required } : {}),
        ...(input.position !== undefined ? { position: input.position } : {}),
      };
      if (Object.keys(patch).length === 0) return presentCustomField(row);
      const updated = await repos.admin.updateCustomField(id, patch);
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'custom_field.updated',
        targetType: 'custom_field',
        targetId: id,
        data: { entity: row.entity, key: row.key, changes: patch },
      });
      return presentCustomField(updated);
    });
  }

  async remove(actor: Actor, id: string) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.admin.findCustomField(actor.workspaceId, id);
      if (!row) throw notFound('Custom field');
      await repos.admin.deleteCustomField(actor.workspaceId, id);
      await recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
        action: 'custom_field.deleted',
        targetType: 'custom_field',
        targetId: id,
        data: { entity: row.entity, key: row.key },
      });
    });
  }
}
