import type { z } from 'zod';
import type { CreateCompanyBody, UpdateCompanyBody } from '@kefu/contracts';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';

interface CompanyRow {
  id: string;
  name: string;
  domain: string | null;
  attributes: Record<string, unknown>;
  created_at: Date | string;
}

const present = (row: CompanyRow) => ({
  id: row.id,
  name: row.name,
  domain: row.domain,
  attributes: row.attributes,
  createdAt: new Date(row.created_at).toISOString(),
});

/** Companies (organisations) that customers belong to. */
export class CompanyService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(actor: Actor) {
    return this.deps.uow.read(async (repos) =>
      (await repos.customers.listCompanies(actor.workspaceId)).map(present),
    );
  }

  async get(actor: Actor, id: string) {
    const row = await this.deps.uow.read((repos) =>
      repos.customers.findCompany(actor.workspaceId, id),
    );
    if (!row) throw notFound('Company');
    return present(row);
  }

  async create(actor: Actor, input: z.output<typeof CreateCompanyBody>) {
    const row = await this.deps.uow.transaction(({ repos }) =>
      repos.customers.insertCompany({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        name: input.name,
        domain: input.domain ?? null,
        attributes: input.attributes ?? {},
      }),
    );
    return present(row);
  }

  async update(actor: Actor, id: string, input: z.output<typeof UpdateCompanyBody>) {
    const row = await this.deps.uow.transaction(async ({ repos }) => {
      const current = await repos.customers.findCompany(actor.workspaceId, id);
      if (!current) throw notFound('Company');
      return repos.customers.updateCompany(actor.workspaceId, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.domain !== undefined ? { domain: input.domain } : {}),
        ...(input.attributes
          ? { attributes: JSON.stringify({ ...current.attributes, ...input.attributes }) }
          : {}),
        updated_at: this.deps.clock.now(),
      });
    });
    if (!row) throw notFound('Company');
    return present(row);
  }
}
