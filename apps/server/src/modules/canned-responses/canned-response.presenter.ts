import type { CannedResponse } from '@kefu/contracts';
import type { CannedResponseRow } from '../../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { can } from '../auth/policies.ts';

/** Admins (and admin-scoped API tokens) edit every canned response; agents edit their own. */
export function canEditCannedResponse(actor: Actor, row: Pick<CannedResponseRow, 'created_by'>) {
  if (can(actor, 'admin')) return true;
  return actor.kind === 'user' && row.created_by === actor.userId;
}

export function presentCannedResponse(row: CannedResponseRow, actor: Actor): CannedResponse {
  return {
    id: row.id,
    shortcut: row.shortcut,
    title: row.title,
    body: row.body,
    createdBy: row.created_by,
    canEdit: canEditCannedResponse(actor, row),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
