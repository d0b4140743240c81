import type { Role } from '@kefu/contracts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from './actor.ts';

/**
 * What a route needs. Users get it from their role; API tokens from their scopes.
 * `admin` is workspace administration; `supervisor` is seeing and steering the team's work.
 */
export type Permission =
  | 'conversations:read'
  | 'conversations:write'
  | 'customers:read'
  | 'customers:write'
  | 'supervisor'
  | 'admin';

const roleRank: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2, owner: 3 };

export const isAdmin = (role: Role) => roleRank[role] >= roleRank.admin;
export const isSupervisor = (role: Role) => roleRank[role] >= roleRank.supervisor;

/** May this actor do what the permission covers? */
export function can(actor: Actor, permission: Permission): boolean {
  // Widget visitors reach only their own conversations, through the visitor routes.
  if (actor.kind === 'visitor') return false;
  if (actor.kind === 'api_token') {
    if (actor.scopes.includes('admin')) return true;
    if (permission === 'supervisor' || permission === 'admin') return false;
    if (actor.scopes.includes(permission)) return true;
    // write implies read
    const write = permission.replace(':read', ':write') as Permission;
    return permission.endsWith(':read') && actor.scopes.some((s) => s === write);
  }
  switch (permission) {
    case 'admin':
      return isAdmin(actor.role);
    case 'supervisor':
      return isSupervisor(actor.role);
    case 'conversations:read':
    case 'conversations:write':
    case 'customers:read':
    case 'customers:write':
      return true;
  }
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AppError('forbidden', `You do not have permission for this (${permission})`);
  }
}

/**
 * Whether an actor with `actorRole` may change a member whose role is `from` to `to`.
 * Owners manage everyone but other owners; admins manage supervisors and agents only.
 */
export function canChangeRole(actorRole: Role, from: Role, to: Role): boolean {
  if (from === 'owner' || to === 'owner') return false;
  if (actorRole === 'owner') return true;
  return actorRole === 'admin' && roleRank[from] < roleRank.admin && roleRank[to] < roleRank.admin;
}
