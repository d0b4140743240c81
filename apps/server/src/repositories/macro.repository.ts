import { type Executor, isUniqueViolation, json } from './executor.ts';

/** Macros: named sets of actions an agent applies from the conversation view. */
export class MacroRepository {
  constructor(private readonly db: Executor) {}

  list(workspaceId: string) {
    return this.db
      .selectFrom('macros')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .orderBy('id')
      .execute();
  }

  find(workspaceId: string, id: string) {
    return this.db
      .selectFrom('macros')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Null when the name is taken (case-insensitive). */
  async insert(row: {
    id: string;
    workspaceId: string;
    name: string;
    actions: unknown[];
    at: Date;
  }) {
    try {
      return await this.db
        .insertInto('macros')
        .values({
          id: row.id,
          workspace_id: row.workspaceId,
          name: row.name,
          actions: json(row.actions),
          created_at: row.at,
          updated_at: row.at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** 'taken' when the new name is another macro's; undefined when there is no such macro. */
  async update(
    workspaceId: string,
    id: string,
    fields: { name: string; actions: unknown[] },
    at: Date,
  ) {
    try {
      return await this.db
        .updateTable('macros')
        .set({ name: fields.name, actions: json(fields.actions), updated_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    } catch (error) {
      if (isUniqueViolation(error)) return 'taken' as const;
      throw error;
    }
  }

  async delete(workspaceId: string, id: string) {
    const result = await this.db
      .deleteFrom('macros')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
