import { sql } from 'kysely';
import type { Cursor } from '../lib/cursor.ts';
import type { Executor } from './executor.ts';

type IdentityKind = 'email' | 'phone' | 'visitor' | 'external';

/** Customers, their identities, notes and companies. */
export class CustomerRepository {
  constructor(private readonly db: Executor) {}

  insert(row: {
    id: string;
    workspaceId: string;
    name: string | null;
    companyId: string | null;
    attributes: Record<string, unknown>;
    customFields: Record<string, unknown>;
    locale: string | null;
    timezone: string | null;
    tier?: 'standard' | 'vip';
    /** The search tokens (`indexTokens`), when known at creation. */
    searchTokens?: string;
    at: Date;
  }) {
    return this.db
      .insertInto('customers')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        name: row.name,
        company_id: row.companyId,
        attributes: JSON.stringify(row.attributes),
        custom_fields: JSON.stringify(row.customFields),
        locale: row.locale,
        timezone: row.timezone,
        ...(row.tier ? { tier: row.tier } : {}),
        ...(row.searchTokens !== undefined
          ? { search_vector: sql`to_tsvector('simple', ${row.searchTokens})` }
          : {}),
        created_at: row.at,
        updated_at: row.at,
      })
      .execute();
  }

  find(workspaceId: string, id: string) {
    return this.db
      .selectFrom('customers')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findForUpdate(workspaceId: string, id: string) {
    return this.db
      .selectFrom('customers')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  update(
    id: string,
    patch: {
      name?: string | null;
      company_id?: string | null;
      attributes?: string;
      custom_fields?: string;
      locale?: string | null;
      timezone?: string | null;
      tier?: 'standard' | 'vip';
      merged_into_id?: string | null;
      updated_at: Date;
    },
  ) {
    return this.db.updateTable('customers').set(patch).where('id', '=', id).execute();
  }

  setSearchTokens(id: string, tokens: string) {
    return this.db
      .updateTable('customers')
      .set({ search_vector: sql`to_tsvector('simple', ${tokens})` })
      .where('id', '=', id)
      .execute();
  }

  list(filter: {
    workspaceId: string;
    tokens?: string;
    companyId?: string;
    cursor: Cursor | null;
    limit: number;
  }) {
    let query = this.db
      .selectFrom('customers')
      .selectAll()
      .where('workspace_id', '=', filter.workspaceId)
      .where('merged_into_id', 'is', null);
    if (filter.tokens)
      query = query.where(
        sql<boolean>`search_vector @@ plainto_tsquery('simple', ${filter.tokens})`,
      );
    if (filter.companyId) query = query.where('company_id', '=', filter.companyId);
    if (filter.cursor)
      query = query.where(
        sql<boolean>`(created_at, id) < (${new Date(filter.cursor.value)}, ${filter.cursor.id})`,
      );
    return query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit + 1)
      .execute();
  }

  findIdentity(workspaceId: string, kind: IdentityKind, valueKey: string) {
    return this.db
      .selectFrom('customer_identities')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('kind', '=', kind)
      .where('value_key', '=', valueKey)
      .executeTakeFirst();
  }

  /** The customer an identity belongs to, with the name a new conversation shows. */
  findIdentityOwner(workspaceId: string, kind: IdentityKind, valueKey: string) {
    return this.db
      .selectFrom('customer_identities')
      .innerJoin('customers', 'customers.id', 'customer_identities.customer_id')
      .select(['customer_identities.customer_id', 'customers.name'])
      .where('customer_identities.workspace_id', '=', workspaceId)
      .where('customer_identities.kind', '=', kind)
      .where('customer_identities.value_key', '=', valueKey)
      .executeTakeFirst();
  }

  /**
   * Serialises the creation of one identity until the transaction ends: two transactions that
   * both found it missing (two mails from a new sender processed side by side) would otherwise
   * both create a customer, and one would fail on the unique index.
   */
  async lockIdentity(workspaceId: string, kind: IdentityKind, valueKey: string) {
    await sql`select pg_advisory_xact_lock(hashtext(${workspaceId}), hashtext(${`${kind}:${valueKey}`}))`.execute(
      this.db,
    );
  }

  /** Adds an identity unless the workspace already has it; returns whether it was added. */
  async insertIdentity(row: {
    id: string;
    workspaceId: string;
    customerId: string;
    kind: IdentityKind;
    value: string;
    valueKey: string;
  }) {
    const result = await this.db
      .insertInto('customer_identities')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        customer_id: row.customerId,
        kind: row.kind,
        value: row.value,
        value_key: row.valueKey,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'value_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return result !== undefined;
  }

  identitiesFor(customerIds: string[]) {
    if (customerIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('customer_identities')
      .selectAll()
      .where('customer_id', 'in', customerIds)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  moveIdentities(fromCustomerId: string, toCustomerId: string) {
    return this.db
      .updateTable('customer_identities')
      .set({ customer_id: toCustomerId })
      .where('customer_id', '=', fromCustomerId)
      .execute();
  }

  deleteIdentity(workspaceId: string, customerId: string, id: string) {
    return this.db
      .deleteFrom('customer_identities')
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', '=', customerId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  moveNotes(fromCustomerId: string, toCustomerId: string) {
    return this.db
      .updateTable('customer_notes')
      .set({ customer_id: toCustomerId })
      .where('customer_id', '=', fromCustomerId)
      .execute();
  }

  insertNote(row: {
    id: string;
    workspaceId: string;
    customerId: string;
    authorId: string | null;
    body: string;
    at: Date;
  }) {
    return this.db
      .insertInto('customer_notes')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        customer_id: row.customerId,
        author_id: row.authorId,
        body: row.body,
        created_at: row.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  listNotes(customerId: string) {
    return this.db
      .selectFrom('customer_notes')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
  }

  companiesFor(workspaceId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('companies')
      .select(['id', 'name'])
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute();
  }

  findCompany(workspaceId: string, id: string) {
    return this.db
      .selectFrom('companies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  insertCompany(row: {
    id: string;
    workspaceId: string;
    name: string;
    domain: string | null;
    attributes: Record<string, unknown>;
  }) {
    return this.db
      .insertInto('companies')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        name: row.name,
        domain: row.domain,
        attributes: JSON.stringify(row.attributes),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  updateCompany(
    workspaceId: string,
    id: string,
    patch: { name?: string; domain?: string | null; attributes?: string; updated_at: Date },
  ) {
    return this.db
      .updateTable('companies')
      .set(patch)
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  listCompanies(workspaceId: string) {
    return this.db
      .selectFrom('companies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .limit(1000)
      .execute();
  }

  /** Customers whose search tokens match, with the workspace filter inside the query. */
  search(workspaceId: string, tokens: string, limit: number) {
    return this.db
      .selectFrom('customers')
      .select(['id', 'name'])
      .where('workspace_id', '=', workspaceId)
      .where('merged_into_id', 'is', null)
      .where(sql<boolean>`search_vector @@ plainto_tsquery('simple', ${tokens})`)
      .orderBy('updated_at', 'desc')
      .limit(limit)
      .execute();
  }
}
