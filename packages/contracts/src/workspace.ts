import { z } from 'zod';
import { Email, Id, Locale, Name, Timestamp } from './common.ts';
import { Role } from './auth.ts';

export const Workspace = z.object({
  id: Id,
  name: z.string(),
  slug: z.string(),
  timezone: z.string(),
  defaultLocale: Locale,
  createdAt: Timestamp,
});
export const UpdateWorkspaceBody = z.strictObject({
  name: Name.optional(),
  timezone: z.string().max(64).optional(),
  defaultLocale: Locale.optional(),
});

export const AgentStatus = z.enum(['active', 'deactivated']);
export const Agent = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  role: Role,
  status: AgentStatus,
  teamIds: z.array(Id),
  createdAt: Timestamp,
  /** Set by the agent (PUT /api/v1/me/availability); see widget.ts. */
  availability: z.enum(['online', 'away']).optional(),
  /** Available and connected in the last two minutes. */
  online: z.boolean().optional(),
});
export const UpdateAgentBody = z.strictObject({
  role: Role.exclude(['owner']).optional(),
  status: AgentStatus.optional(),
});

export const Invitation = z.object({
  id: Id,
  email: z.string(),
  role: Role,
  expiresAt: Timestamp,
  acceptedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export const CreateInvitationBody = z.strictObject({
  email: Email,
  role: Role.exclude(['owner']).default('agent'),
  teamIds: z.array(Id).max(50).optional(),
});
/** The invitation link's token is returned once, for the admin to pass on. */
export const CreatedInvitation = Invitation.extend({ token: z.string(), acceptUrl: z.string() });

export const Team = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  memberIds: z.array(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const CreateTeamBody = z.strictObject({
  name: Name,
  description: z.string().trim().max(2000).nullable().optional(),
  memberIds: z.array(Id).max(1000).optional(),
});
export const UpdateTeamBody = CreateTeamBody.partial();

export const Tag = z.object({ id: Id, name: z.string(), color: z.string().nullable() });
export const TagName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^,\s][^,]*$/, 'Tags cannot contain commas');
export const CreateTagBody = z.strictObject({
  name: TagName,
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .nullable()
    .optional(),
});
export const UpdateTagBody = CreateTagBody.partial();

export const CustomFieldEntity = z.enum(['conversation', 'customer']);
export const CustomFieldType = z.enum([
  'text',
  'number',
  'boolean',
  'date',
  'select',
  'multiselect',
]);
export const CustomField = z.object({
  id: Id,
  entity: CustomFieldEntity,
  key: z.string(),
  label: z.string(),
  type: CustomFieldType,
  options: z.array(z.string()),
  required: z.boolean(),
  position: z.number().int(),
});
export const CreateCustomFieldBody = z.strictObject({
  entity: CustomFieldEntity,
  key: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z][a-z0-9_]*$/, 'Use lower-case letters, digits and underscores'),
  label: Name,
  type: CustomFieldType,
  options: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10000).optional(),
});
export const UpdateCustomFieldBody = z.strictObject({
  label: Name.optional(),
  options: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10000).optional(),
});

export const AuditEntry = z.object({
  id: Id,
  actorType: z.enum(['user', 'api_token', 'system']),
  actorId: Id.nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  createdAt: Timestamp,
});
