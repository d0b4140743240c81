/**
 * Pure rules the admin screens follow. They mirror the server's checks (policies.ts,
 * agent.service.ts) only to hide controls that would fail; the server still decides.
 */
import type { CustomFieldType, Invitation, Role, TokenScope } from './types.ts';

const roleRank: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2, owner: 3 };

/** The roles, strongest first, for lists and selects. */
export const allRoles: readonly Role[] = ['owner', 'admin', 'supervisor', 'agent'];

/** Roles an invitation or a role change may give (nobody is made owner here). */
export const grantableRoles: readonly Role[] = ['admin', 'supervisor', 'agent'];

/** May `actor` change someone from `from` to `to`? Same rule as the server's canChangeRole. */
export function canChangeRole(actor: Role, from: Role, to: Role): boolean {
  if (from === 'owner' || to === 'owner') return false;
  if (actor === 'owner') return true;
  return actor === 'admin' && roleRank[from] < roleRank.admin && roleRank[to] < roleRank.admin;
}

/** Whether `actor` may change this member at all (role or status); never themselves. */
export function canManageMember(actor: Role, member: Role, isSelf: boolean): boolean {
  return !isSelf && canChangeRole(actor, member, member);
}

/** Roles `actor` may give this member, the current one included; empty when it is fixed. */
export function roleChoices(actor: Role, member: Role, isSelf: boolean): Role[] {
  if (!canManageMember(actor, member, isSelf)) return [];
  return grantableRoles.filter((role) => role === member || canChangeRole(actor, member, role));
}

/** Roles `actor` may invite someone with. */
export function invitableRoles(actor: Role): Role[] {
  return grantableRoles.filter((role) => actor === 'owner' || roleRank[role] < roleRank.admin);
}

export type InvitationState = 'pending' | 'accepted' | 'expired';

export function invitationState(invitation: Invitation, now: Date): InvitationState {
  if (invitation.acceptedAt) return 'accepted';
  return new Date(invitation.expiresAt).getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** One entry per non-empty line, trimmed, without repeats (options, allowed origins). */
export function parseLines(text: string): string[] {
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const value = line.trim();
    if (value) seen.add(value);
  }
  return [...seen];
}

/** Lines that are not an origin such as `https://shop.example.com` (no path, no query). */
export function invalidOrigins(origins: readonly string[]): string[] {
  return origins.filter((origin) => !/^https?:\/\/[^\s/?#]+$/.test(origin));
}

export const tokenScopes: readonly TokenScope[] = [
  'conversations:read',
  'conversations:write',
  'customers:read',
  'customers:write',
  'admin',
];

export const customFieldTypes: readonly CustomFieldType[] = [
  'text',
  'number',
  'boolean',
  'date',
  'select',
  'multiselect',
];

export const typeHasOptions = (type: CustomFieldType) =>
  type === 'select' || type === 'multiselect';

/** A field key from a label: `Order number` → `order_number`; empty when nothing fits. */
export function keyFromLabel(label: string): string {
  const key = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '');
  return key.slice(0, 64);
}

/** A tag or brand colour: `#` and six hex digits. */
export const isHexColor = (value: string) => /^#[0-9a-fA-F]{6}$/.test(value);
