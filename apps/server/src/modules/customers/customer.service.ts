import type { z } from 'zod';
import type {
  CreateCustomerBody,
  CustomerListQuery,
  IdentityInput,
  UpdateCustomerBody,
} from '@kefu/contracts';
import { indexTokens, queryTokens } from '@kefu/text';
import type { TransactionScope } from '../../db/unit-of-work.ts';
import type { CustomerRow } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import { applyCustomFieldValues } from '../admin/custom-field-values.ts';
import { writeAudit } from '../audit.ts';
import type { Actor } from '../auth/actor.ts';
import { actorRef } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { presentCustomer } from './customer.presenter.ts';
import { identityKey } from './identity.ts';

type Identity = z.output<typeof IdentityInput>;

/** Customer profiles: one person, many identities, across every channel. */
export class CustomerService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(actor: Actor, input: z.output<typeof CreateCustomerBody>) {
    const id = await this.deps.uow.transaction(async (scope) => {
      return this.insertCustomer(scope.repos, actor.workspaceId, input);
    });
    return this.get(actor, id);
  }

  /**
   * Creates a customer with identities inside the caller's transaction. An identity that
   * already belongs to someone in the workspace is a conflict naming that customer.
   */
  async insertCustomer(
    repos: Repositories,
    workspaceId: string,
    input: z.output<typeof CreateCustomerBody>,
  ): Promise<string> {
    const now = this.deps.clock.now();
    const id = this.deps.ids();
    const companyId = input.companyId ?? null;
    if (companyId && !(await repos.customers.findCompany(workspaceId, companyId))) {
      throw new AppError('validation_failed', 'companyId: no such company', { field: 'companyId' });
    }
    const definitions = await repos.admin.listCustomFields(workspaceId, 'customer');
    const customFields = applyCustomFieldValues(definitions, {}, input.customFields ?? {});
    await repos.customers.insert({
      id,
      workspaceId,
      name: input.name ?? null,
      companyId,
      attributes: input.attributes ?? {},
      customFields,
      locale: input.locale ?? null,
      timezone: input.timezone ?? null,
      tier: input.tier ?? 'standard',
      // Everything the search text is made of is in hand: no read back after the identities.
      searchTokens: searchTokensOf(
        input.name ?? null,
        input.identities.map((i) => i.value.trim()),
      ),
      at: now,
    });
    for (const [index, identity] of input.identities.entries()) {
      await this.addIdentity(repos, workspaceId, id, identity, `identities.${index}.value`);
    }
    return id;
  }

  private async addIdentity(
    repos: Repositories,
    workspaceId: string,
    customerId: string,
    identity: Identity,
    field: string,
  ) {
    const key = identityKey(identity.kind, identity.value, field);
    const added = await repos.customers.insertIdentity({
      id: this.deps.ids(),
      workspaceId,
      customerId,
      kind: identity.kind,
      value: identity.value.trim(),
      valueKey: key,
    });
    if (!added) {
      const owner = await repos.customers.findIdentity(workspaceId, identity.kind, key);
      if (owner?.customer_id !== customerId) {
        throw new AppError(
          'already_exists',
          `This ${identity.kind} already belongs to another customer`,
          { field, details: { customerId: owner?.customer_id } },
        );
      }
    }
  }

  /**
   * Finds the customer an identity belongs to, or creates one (used when a conversation starts).
   * Returns the customer's name too, which the new conversation shows.
   */
  async resolveByIdentity(
    scope: TransactionScope,
    workspaceId: string,
    identity: Identity,
    name: string | null,
  ): Promise<{ id: string; name: string | null }> {
    const key = identityKey(identity.kind, identity.value, 'customer.identity.value');
    const { customers } = scope.repos;
    const existing = await customers.findIdentityOwner(workspaceId, identity.kind, key);
    if (existing) return { id: existing.customer_id, name: existing.name };
    await customers.lockIdentity(workspaceId, identity.kind, key);
    const created = await customers.findIdentityOwner(workspaceId, identity.kind, key);
    if (created) return { id: created.customer_id, name: created.name };
    const id = await this.insertCustomer(scope.repos, workspaceId, {
      name,
      identities: [identity],
    });
    return { id, name };
  }

  private async reindex(repos: Repositories, workspaceId: string, customerId: string) {
    const customer = await repos.customers.find(workspaceId, customerId);
    if (!customer) return;
    const identities = await repos.customers.identitiesFor([customerId]);
    await repos.customers.setSearchTokens(
      customerId,
      searchTokensOf(
        customer.name,
        identities.map((i) => i.value),
      ),
    );
  }

  async get(actor: Actor, id: string) {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.customers.find(actor.workspaceId, id);
      if (!row) throw notFound('Customer');
      return (await this.present(repos, actor.workspaceId, [row]))[0]!;
    });
  }

  async present(repos: Repositories, workspaceId: string, rows: CustomerRow[]) {
    const identities = await repos.customers.identitiesFor(rows.map((r) => r.id));
    const companyIds = [
      ...new Set(rows.map((r) => r.company_id).filter((v): v is string => v !== null)),
    ];
    const companies = new Map(
      (await repos.customers.companiesFor(workspaceId, companyIds)).map((c) => [c.id, c]),
    );
    return rows.map((row) =>
      presentCustomer(row, {
        identities: identities.filter((i) => i.customer_id === row.id),
        company: row.company_id ? (companies.get(row.company_id) ?? null) : null,
      }),
    );
  }

  async list(actor: Actor, query: z.output<typeof CustomerListQuery>) {
    const tokens = query.q ? queryTokens(query.q) : undefined;
    if (query.q && !tokens) return { items: [], nextCursor: null };
    return this.deps.uow.read(async (repos) => {
      const rows = await repos.customers.list({
        workspaceId: actor.workspaceId,
        ...(tokens ? { tokens } : {}),
        ...(query.companyId ? { companyId: query.companyId } : {}),
        cursor: decodeCursor(query.cursor),
        limit: query.limit,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: await this.present(repos, actor.workspaceId, page),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ value: new Date(last.created_at).toISOString(), id: last.id })
            : null,
      };
    });
  }

  async update(actor: Actor, id: string, input: z.output<typeof UpdateCustomerBody>) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.customers.findForUpdate(actor.workspaceId, id);
      if (!row || row.merged_into_id) throw notFound('Customer');
      if (
        input.companyId &&
        !(await repos.customers.findCompany(actor.workspaceId, input.companyId))
      ) {
        throw new AppError('validation_failed', 'companyId: no such company', {
          field: 'companyId',
        });
      }
      const definitions = await repos.admin.listCustomFields(actor.workspaceId, 'customer');
      await repos.customers.update(id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.companyId !== undefined ? { company_id: input.companyId } : {}),
        ...(input.attributes
          ? { attributes: JSON.stringify({ ...row.attributes, ...input.attributes }) }
          : {}),
        ...(input.customFields
          ? {
              custom_fields: JSON.stringify(
                applyCustomFieldValues(definitions, row.custom_fields, input.customFields),
              ),
            }
          : {}),
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
        ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
        ...(input.tier !== undefined ? { tier: input.tier } : {}),
        updated_at: this.deps.clock.now(),
      });
      await this.reindex(repos, actor.workspaceId, id);
    });
    return this.get(actor, id);
  }

  async addIdentityTo(actor: Actor, customerId: string, identity: Identity) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.customers.findForUpdate(actor.workspaceId, customerId);
      if (!row || row.merged_into_id) throw notFound('Customer');
      await this.addIdentity(repos, actor.workspaceId, customerId, identity, 'value');
      await this.reindex(repos, actor.workspaceId, customerId);
    });
    return this.get(actor, customerId);
  }

  async removeIdentity(actor: Actor, customerId: string, identityId: string) {
    await this.deps.uow.transaction(async ({ repos }) => {
      const result = await repos.customers.deleteIdentity(
        actor.workspaceId,
        customerId,
        identityId,
      );
      if (Number(result.numDeletedRows) === 0) throw notFound('Identity');
      await this.reindex(repos, actor.workspaceId, customerId);
    });
    return this.get(actor, customerId);
  }

  /**
   * Merges `sourceId` into `targetId`: every identity, note and conversation moves to the
   * target, the source is marked as merged, and the audit log records it.
   */
  async merge(actor: Actor, sourceId: string, targetId: string) {
    if (sourceId === targetId)
      throw new AppError('validation_failed', 'A customer cannot be merged into itself', {
        field: 'targetId',
      });
    await this.deps.uow.transaction(async ({ repos }) => {
      // Lock both rows in id order so two opposite merges cannot deadlock.
      const [first, second] = [sourceId, targetId].sort();
      const locked = new Map<string, CustomerRow | undefined>();
      locked.set(first!, await repos.customers.findForUpdate(actor.workspaceId, first!));
      locked.set(second!, await repos.customers.findForUpdate(actor.workspaceId, second!));
      const source = locked.get(sourceId);
      const target = locked.get(targetId);
      if (!source || source.merged_into_id) throw notFound('Customer');
      if (!target || target.merged_into_id)
        throw new AppError('validation_failed', 'targetId: no such customer', {
          field: 'targetId',
        });
      const now = this.deps.clock.now();
      await repos.customers.moveIdentities(sourceId, targetId);
      await repos.customers.moveNotes(sourceId, targetId);
      const moved = await repos.conversations.moveCustomer(
        actor.workspaceId,
        sourceId,
        targetId,
        now,
      );
      await repos.customers.update(targetId, {
        attributes: JSON.stringify({ ...source.attributes, ...target.attributes }),
        custom_fields: JSON.stringify({ ...source.custom_fields, ...target.custom_fields }),
        ...(target.name === null && source.name !== null ? { name: source.name } : {}),
        ...(target.company_id === null && source.company_id !== null
          ? { company_id: source.company_id }
          : {}),
        updated_at: now,
      });
      await repos.customers.update(sourceId, { merged_into_id: targetId, updated_at: now });
      await repos.customers.setSearchTokens(sourceId, '');
      await this.reindex(repos, actor.workspaceId, targetId);
      await writeAudit(
        repos,
        { ids: this.deps.ids, now },
        {
          actor,
          workspaceId: actor.workspaceId,
          action: 'customer.merged',
          targetType: 'customer',
          targetId,
          data: {
            sourceId,
            targetId,
            conversationIds: moved.map((m) => m.id),
            by: actorRef(actor),
          },
        },
      );
    });
    return this.get(actor, targetId);
  }

  async addNote(actor: Actor, customerId: string, body: string) {
    return this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.customers.find(actor.workspaceId, customerId);
      if (!row) throw notFound('Customer');
      const note = await repos.customers.insertNote({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        customerId,
        authorId: actor.kind === 'user' ? actor.userId : null,
        body,
        at: this.deps.clock.now(),
      });
      return {
        id: note.id,
        authorId: note.author_id,
        body: note.body,
        createdAt: new Date(note.created_at).toISOString(),
      };
    });
  }

  async listNotes(actor: Actor, customerId: string) {
    return this.deps.uow.read(async (repos) => {
      const row = await repos.customers.find(actor.workspaceId, customerId);
      if (!row) throw notFound('Customer');
      const notes = await repos.customers.listNotes(customerId);
      return notes.map((n) => ({
        id: n.id,
        authorId: n.author_id,
        body: n.body,
        createdAt: new Date(n.created_at).toISOString(),
      }));
    });
  }
}

/** A customer's search text: the name, and each identity whole and split at `@` and `.`. */
const searchTokensOf = (name: string | null, identities: string[]) =>
  indexTokens(
    [name ?? '', ...identities.map((value) => `${value} ${value.replace(/[@.]/g, ' ')}`)].join(' '),
  );
