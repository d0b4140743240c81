/**
 * The admin API's data shapes, taken from @kefu/contracts as types only (zod never reaches the
 * bundle). Shared shapes (Agent, Team, Tag, CustomField, Workspace) come from lib/types.ts.
 */
import type { z } from 'zod';
import type {
  ApiToken as ApiTokenSchema,
  AuditEntry as AuditEntrySchema,
  CreatedApiToken as CreatedApiTokenSchema,
  CreatedInvitation as CreatedInvitationSchema,
  CustomFieldType as CustomFieldTypeSchema,
  Invitation as InvitationSchema,
} from '@kefu/contracts';

export type {
  CannedResponse,
  PreChatFieldMode,
  Role,
  TokenScope,
  WidgetSettings,
} from '@kefu/contracts';
export type {
  Agent,
  CustomField,
  InboundEmail,
  InboundStatus,
  MailChannel,
  Tag,
  Team,
  Workspace,
} from '../lib/types.ts';

export type ApiToken = z.infer<typeof ApiTokenSchema>;
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
export type CreatedInvitation = z.infer<typeof CreatedInvitationSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type CustomFieldType = z.infer<typeof CustomFieldTypeSchema>;
