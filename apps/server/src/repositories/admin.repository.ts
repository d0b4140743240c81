import { type Executor, isUniqueViolation } from './executor.ts';

/** Teams, tags, custom-field definitions and the audit log: the workspace's configuration. */
export class AdminRepository {
  constructor(private readonly db: Executor) {}

  /** Inserts a team; undefined when the workspace already has a team of that name (any case). */
  insertTeam(row: {
    id: string;
    workspaceId: string;
    name: string;
    description: string | null;
    at: Date;
  }) {
    return (
      this.db
        .insertInto('teams')
        .values({
          id: row.id,
          workspace_id: row.workspaceId,
          name: row.name,
          description: row.description,
          created_at: row.at,
          updated_at: row.at,
        })
        // The only other unique key is (workspace_id, lower(name)); the id is new.
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst()
    );
  }

  findTeam(workspaceId: string, id: string) {
    return this.db
      .selectFrom('teams')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  listTeams(workspaceId: string) {
    return this.db
      .selectFrom('teams')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .execute();
  }

  /** Updates a team; undefined when the new name is taken by another team of the workspace. */
  async updateTeam(
    id: string,
    patch: { name?: string; description?: string | null; updated_at: Date },
  ) {
    try {
      return await this.db
        .updateTable('teams')
        .set(patch)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  deleteTeam(workspaceId: string, id: string) {
    return this.db
      .deleteFrom('teams')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async teamMembers(teamIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (teamIds.length === 0) return result;
    const rows = await this.db
      .selectFrom('team_members')
      .select(['team_id', 'user_id'])
      .where('team_id', 'in', teamIds)
      .orderBy('user_id')
      .execute();
    for (const row of rows)
      result.set(row.team_id, [...(result.get(row.team_id) ?? []), row.user_id]);
    return result;
  }

  async replaceTeamMembers(workspaceId: string, teamId: string, userIds: string[]) {
    await this.db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
    if (userIds.length > 0) {
      await this.db
        .insertInto('team_members')
        .values(
          userIds.map((userId) => ({
            team_id: teamId,
            user_id: userId,
            workspace_id: workspaceId,
          })),
        )
        .execute();
    }
  }

  addTeamMember(workspaceId: string, teamId: string, userId: string) {
    return this.db
      .insertInto('team_members')
      .values({ team_id: teamId, user_id: userId, workspace_id: workspaceId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async existingTeamIds(workspaceId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('teams')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  listTags(workspaceId: string) {
    return this.db
      .selectFrom('tags')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .execute();
  }

  findTag(workspaceId: string, id: string) {
    return this.db
      .selectFrom('tags')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findTagByName(workspaceId: string, nameKey: string) {
    return this.db
      .selectFrom('tags')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('name_key', '=', nameKey)
      .executeTakeFirst();
  }

  findTagsByNames(workspaceId: string, nameKeys: string[]) {
    if (nameKeys.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('tags')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('name_key', 'in', nameKeys)
      .execute();
  }

  /** Creates tags that do not exist yet (tags are created by use, as in every helpdesk). */
  async ensureTags(workspaceId: string, tags: { id: string; name: string; nameKey: string }[]) {
    if (tags.length > 0) {
      await this.db
        .insertInto('tags')
        .values(
          tags.map((t) => ({
            id: t.id,
            workspace_id: workspaceId,
            name: t.name,
            name_key: t.nameKey,
          })),
        )
        .onConflict((oc) => oc.columns(['workspace_id', 'name_key']).doNothing())
        .execute();
    }
    return this.findTagsByNames(
      workspaceId,
      tags.map((t) => t.nameKey),
    );
  }

  /** Inserts a tag; undefined when the workspace already has a tag with that name key. */
  insertTag(row: {
    id: string;
    workspaceId: string;
    name: string;
    nameKey: string;
    color: string | null;
  }) {
    return this.db
      .insertInto('tags')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        name: row.name,
        name_key: row.nameKey,
        color: row.color,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'name_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  /** Updates a tag; undefined when the new name is taken by another tag of the workspace. */
  async updateTag(id: string, patch: { name?: string; name_key?: string; color?: string | null }) {
    try {
      return await this.db
        .updateTable('tags')
        .set(patch)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  deleteTag(workspaceId: string, id: string) {
    return this.db
      .deleteFrom('tags')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  listCustomFields(workspaceId: string, entity?: 'conversation' | 'customer') {
    let query = this.db
      .selectFrom('custom_field_definitions')
      .selectAll()
      .where('workspace_id', '=', workspaceId);
    if (entity) query = query.where('entity', '=', entity);
    return query.orderBy('entity').orderBy('position').orderBy('key').execute();
  }

  findCustomField(workspaceId: string, id: string) {
    return this.db
      .selectFrom('custom_field_definitions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  insertCustomField(row: {
    id: string;
    workspaceId: string;
    entity: 'conversation' | 'customer';
    key: string;
    label: string;
    type: 'text' | 'number' | 'boolean' | 'date' | 'select' | 'multiselect';
    options: string[];
    required: boolean;
    position: number;
  }) {
    return this.db
      .insertInto('custom_field_definitions')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        entity: row.entity,
        key: row.key,
        label: row.label,
        type: row.type,
        options: row.options,
        required: row.required,
        position: row.position,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'entity', 'key']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  updateCustomField(
    id: string,
    patch: { label?: string; options?: string[]; required?: boolean; position?: number },
  ) {
    return this.db
      .updateTable('custom_field_definitions')
      .set(patch)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  deleteCustomField(workspaceId: string, id: string) {
    return this.db
      .deleteFrom('custom_field_definitions')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  insertAudit(row: {
    id: string;
    workspaceId: string;
    actorType: string;
    actorId: string | null;
    action: string;
    targetType: string;
    targetId: string | null;
    data: Record<string, unknown>;
    ip: string | null;
    at: Date;
  }) {
    return this.db
      .insertInto('audit_log')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        actor_type: row.actorType,
        actor_id: row.actorId,
        action: row.action,
        target_type: row.targetType,
        target_id: row.targetId,
        data: JSON.stringify(row.data),
        ip: row.ip,
        created_at: row.at,
      })
      .execute();
  }

  listAudit(workspaceId: string, before: { value: string; id: string } | null, limit: number) {
    let query = this.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', workspaceId);
    if (before) {
      const at = new Date(before.value);
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', at),
          eb.and([eb('created_at', '=', at), eb('id', '<', before.id)]),
        ]),
      );
    }
    return query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
  }
}
