import type { z } from 'zod';
import type {
  Agent,
  ApiToken,
  AuditEntry,
  CustomField,
  Invitation,
  Role,
  Tag,
  Team,
  TokenScope,
  Workspace,
} from '@kefu/contracts';
import type {
  ApiTokenRow,
  AuditRow,
  CustomFieldRow,
  InvitationRow,
  TagRow,
  TeamRow,
  WorkspaceRow,
} from '../../db/schema.ts';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

export function presentWorkspace(row: WorkspaceRow): z.output<typeof Workspace> {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timezone: row.timezone,
    defaultLocale: row.default_locale as z.output<typeof Workspace>['defaultLocale'],
    createdAt: iso(row.created_at),
  };
}

/** A member as the workspace's member list query returns it. */
export interface MemberRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: 'active' | 'deactivated';
  created_at: Date | string;
  team_ids: string[];
}

export function presentAgent(row: MemberRow): z.output<typeof Agent> {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status,
    teamIds: row.team_ids,
    createdAt: iso(row.created_at),
  };
}

/** An invitation without its token: the token exists only in the creation response. */
export function presentInvitation(row: InvitationRow): z.output<typeof Invitation> {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    expiresAt: iso(row.expires_at),
    acceptedAt: isoOrNull(row.accepted_at),
    createdAt: iso(row.created_at),
  };
}

export function presentTeam(row: TeamRow, memberIds: string[]): z.output<typeof Team> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    memberIds,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentTag(row: TagRow): z.output<typeof Tag> {
  return { id: row.id, name: row.name, color: row.color };
}

export function presentCustomField(row: CustomFieldRow): z.output<typeof CustomField> {
  return {
    id: row.id,
    entity: row.entity,
    key: row.key,
    label: row.label,
    type: row.type,
    options: row.options,
    required: row.required,
    position: row.position,
  };
}

/** An API token without its secret: only the prefix identifies it afterwards. */
export function presentApiToken(row: ApiTokenRow): z.output<typeof ApiToken> {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as TokenScope[],
    createdAt: iso(row.created_at),
    lastUsedAt: isoOrNull(row.last_used_at),
    revokedAt: isoOrNull(row.revoked_at),
  };
}

export function presentAuditEntry(row: AuditRow): z.output<typeof AuditEntry> {
  return {
    id: row.id,
    actorType: row.actor_type as z.output<typeof AuditEntry>['actorType'],
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    data: row.data,
    ip: row.ip,
    createdAt: iso(row.created_at),
  };
}
