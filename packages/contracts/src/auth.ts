import { z } from 'zod';
import { Email, Id, Locale, Name, Timestamp } from './common.ts';

export const Role = z.enum(['owner', 'admin', 'supervisor', 'agent']);
export type Role = z.infer<typeof Role>;

export const Password = z.string().min(10, 'Use at least 10 characters').max(256);

export const SignupBody = z.strictObject({
  workspaceName: Name,
  name: Name,
  email: Email,
  password: Password,
  locale: Locale.optional(),
  timezone: z.string().max(64).optional(),
});

export const LoginBody = z.strictObject({
  email: Email,
  password: z.string().min(1).max(256),
  workspaceId: Id.optional(),
});

export const PasswordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
});

export const AcceptInvitationBody = z.strictObject({
  token: z.string().trim().min(20).max(200),
  name: Name,
  password: Password,
});

export const CurrentUser = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  /** The UI language this user chose (`PATCH /api/v1/me/preferences`). */
  locale: Locale,
  /** The user's own time zone; null: show times in `workspace.timezone`. */
  timezone: z.string().nullable(),
});

export const SessionInfo = z.object({
  user: CurrentUser,
  workspace: z.object({ id: Id, name: z.string(), slug: z.string(), timezone: z.string() }),
  role: Role,
  /** Send this back in the `x-csrf-token` header on every state-changing request. */
  csrfToken: z.string(),
  workspaces: z.array(z.object({ id: Id, name: z.string(), role: Role })),
});

export const SessionSummary = z.object({
  id: Id,
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

export const TokenScope = z.enum([
  'conversations:read',
  'conversations:write',
  'customers:read',
  'customers:write',
  'admin',
]);
export type TokenScope = z.infer<typeof TokenScope>;

export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(TokenScope),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export const CreateApiTokenBody = z.strictObject({
  name: Name,
  scopes: z.array(TokenScope).min(1).max(10),
});
/** Returned once, at creation: the secret is never shown again. */
export const CreatedApiToken = ApiToken.extend({ token: z.string() });
