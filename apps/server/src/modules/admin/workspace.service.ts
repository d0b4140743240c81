import type { z } from 'zod';
import type { UpdateWorkspaceBody } from '@kefu/contracts';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentWorkspace } from './admin.presenter.ts';
import { recordChange } from './record-change.ts';
import { canonicalTimeZone } from '../../lib/time-zone.ts';

/** The workspace's own settings: name, time zone and default locale. */
export class WorkspaceService {
  constructor(private readonly deps: ServiceDeps) {}

  async get(actor: Actor) {
    const row = await this.deps.uow.read((repos) =>
      repos.workspaces.findWorkspace(actor.workspaceId),
    );
    if (!row) throw notFound('Workspace');
    return presentWorkspace(row);
  }

  /** Changes the settings given; the audit entry records each value before and after. */
  async update(actor: Actor, input: z.output<typeof UpdateWorkspaceBody>) {
    const wanted = {
      name: input.name,
      timezone: input.timezone === undefined ? undefined : canonicalTimeZone(input.timezone),
      default_locale: input.defaultLocale,
    };
    return this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.workspaces.findWorkspace(actor.workspaceId);
      if (!row) throw notFound('Workspace');
      const changes: Record<string, { from: string; to: string }> = {};
      for (const key of ['name', 'timezone', 'default_locale'] as const) {
        const to = wanted[key];
        if (to !== undefined && to !== row[key]) changes[key] = { from: row[key], to };
      }
      if (Object.keys(changes).length === 0) return presentWorkspace(row);
      const now = this.deps.clock.now();
      const updated = await repos.workspaces.updateWorkspace(actor.workspaceId, {
        ...(changes.name ? { name: changes.name.to } : {}),
        ...(changes.timezone ? { timezone: changes.timezone.to } : {}),
        ...(changes.default_locale ? { default_locale: changes.default_locale.to } : {}),
        updated_at: now,
      });
      await recordChange(repos, { ids: this.deps.ids, now }, actor, {
        action: 'workspace.updated',
        targetType: 'workspace',
        targetId: row.id,
        data: { changes },
      });
      return presentWorkspace(updated);
    });
  }
}
