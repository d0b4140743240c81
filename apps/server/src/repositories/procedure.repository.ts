import { type Executor, isUniqueViolation, json } from './executor.ts';

export interface ProcedureFields {
  name: string;
  tag: string;
  steps: { id: string; title: string }[];
}

/** Standard procedures (a checklist per request type) and each conversation's ticked steps. */
export class ProcedureRepository {
  constructor(private readonly db: Executor) {}

  list(workspaceId: string) {
    return this.db
      .selectFrom('procedures')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .orderBy('id')
      .execute();
  }

  find(workspaceId: string, id: string) {
    return this.db
      .selectFrom('procedures')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The procedures whose tag is one of these (lower-cased) tags. */
  forTags(workspaceId: string, tagKeys: string[]) {
    if (tagKeys.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('procedures')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('tag_key', 'in', tagKeys)
      .orderBy('name')
      .execute();
  }

  /** Null when another procedure has this tag already. */
  async insert(row: { id: string; workspaceId: string; at: Date } & ProcedureFields) {
    try {
      return await this.db
        .insertInto('procedures')
        .values({
          id: row.id,
          workspace_id: row.workspaceId,
          name: row.name,
          tag: row.tag,
          tag_key: row.tag.toLowerCase(),
          steps: json(row.steps),
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

  /** 'taken' when the tag is another procedure's. */
  async update(workspaceId: string, id: string, fields: ProcedureFields, at: Date) {
    try {
      return await this.db
        .updateTable('procedures')
        .set({
          name: fields.name,
          tag: fields.tag,
          tag_key: fields.tag.toLowerCase(),
          steps: json(fields.steps),
          updated_at: at,
        })
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
      .deleteFrom('procedures')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  doneSteps(conversationId: string, procedureIds: string[]) {
    if (procedureIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('conversation_procedure_steps')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('procedure_id', 'in', procedureIds)
      .execute();
  }

  /** Marks a step done (by whom, when); false when it already was. */
  async markDone(row: {
    conversationId: string;
    procedureId: string;
    stepId: string;
    workspaceId: string;
    userId: string | null;
    at: Date;
  }) {
    const result = await this.db
      .insertInto('conversation_procedure_steps')
      .values({
        conversation_id: row.conversationId,
        procedure_id: row.procedureId,
        step_id: row.stepId,
        workspace_id: row.workspaceId,
        done_by: row.userId,
        done_at: row.at,
      })
      .onConflict((oc) => oc.columns(['conversation_id', 'procedure_id', 'step_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Marks a step not done; false when it was not done. */
  async markUndone(conversationId: string, procedureId: string, stepId: string) {
    const result = await this.db
      .deleteFrom('conversation_procedure_steps')
      .where('conversation_id', '=', conversationId)
      .where('procedure_id', '=', procedureId)
      .where('step_id', '=', stepId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
