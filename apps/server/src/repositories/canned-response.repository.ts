import { sql } from 'kysely';
import type { CannedResponseRow } from '../db/schema.ts';
import { type Executor, isUniqueViolation } from './executor.ts';

/** Keyset position in a canned-response list: prefix matches (rank 0) before the rest. */
export interface CannedResponseCursor {
  rank: 0 | 1;
  shortcutKey: string;
}

/** Canned responses (reply templates) of a workspace. */
export class CannedResponseRepository {
  constructor(private readonly db: Executor) {}

  /** Inserts one; undefined when the workspace already uses the shortcut (in any case). */
  insert(row: {
    id: string;
    workspaceId: string;
    shortcut: string;
    shortcutKey: string;
    title: string;
    body: string;
    createdBy: string | null;
    at: Date;
  }) {
    return this.db
      .insertInto('canned_responses')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        shortcut: row.shortcut,
        shortcut_key: row.shortcutKey,
        title: row.title,
        body: row.body,
        created_by: row.createdBy,
        created_at: row.at,
        updated_at: row.at,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'shortcut_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  find(workspaceId: string, id: string) {
    return this.db
      .selectFrom('canned_responses')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Locks the row for a change, so two edits of one canned response apply one after the other. */
  findForUpdate(workspaceId: string, id: string) {
    return this.db
      .selectFrom('canned_responses')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /**
   * A page ordered by (rank, shortcut key). With `q`, only rows whose shortcut or title contains
   * it (ignoring case); rank 0 for those whose shortcut starts with it.
   */
  async list(filter: {
    workspaceId: string;
    q?: string;
    after: CannedResponseCursor | null;
    limit: number;
  }): Promise<(CannedResponseRow & { rank: 0 | 1 })[]> {
    const needle = filter.q ?? '';
    const rank = sql<number>`(case when starts_with(lower(shortcut), lower(${needle})) then 0 else 1 end)`;
    let query = this.db
      .selectFrom('canned_responses')
      .selectAll()
      .select(rank.as('rank'))
      .where('workspace_id', '=', filter.workspaceId);
    if (filter.q) {
      query = query.where(
        sql<boolean>`(strpos(lower(shortcut), lower(${needle})) > 0 or strpos(lower(title), lower(${needle})) > 0)`,
      );
    }
    if (filter.after) {
      const { rank: r, shortcutKey } = filter.after;
      query = query.where(
        sql<boolean>`(${rank} > ${r} or (${rank} = ${r} and shortcut_key > ${shortcutKey}))`,
      );
    }
    const rows = await query.orderBy(rank).orderBy('shortcut_key').limit(filter.limit).execute();
    return rows.map((row) => ({ ...row, rank: Number(row.rank) === 0 ? 0 : 1 }));
  }

  /** Applies a change; undefined when the new shortcut is taken by another canned response. */
  async update(
    id: string,
    patch: {
      shortcut?: string;
      shortcut_key?: string;
      title?: string;
      body?: string;
      updated_at: Date;
    },
  ) {
    try {
      return await this.db
        .updateTable('canned_responses')
        .set(patch)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  delete(workspaceId: string, id: string) {
    return this.db
      .deleteFrom('canned_responses')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }
}
