import type { EmailTables } from './schema-email.ts';
import type { SlaTables } from './schema-sla.ts';
import type { RoutingTables } from './schema-routing.ts';
import type { AutomationTables } from './schema-automations.ts';
import type { SurveyTables } from './schema-surveys.ts';
import type { KnowledgeTables } from './schema-knowledge.ts';
import type { AnswerBotTables } from './schema-answer-bot.ts';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Columns the database fills in when the insert leaves them out. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json = ColumnType<Record<string, unknown>, string | undefined, string>;
/** tsvector is written through sql`to_tsvector(...)` and never read back. */
type TsVector = ColumnType<never, unknown, unknown>;

export interface WorkspacesTable {
  id: string;
  name: string;
  slug: string;
  timezone: Defaulted<string>;
  default_locale: Defaulted<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  email: string;
  email_key: string;
  name: string;
  password_hash: string;
  locale: Defaulted<string>;
  /** The user's own IANA time zone; null follows the workspace's. */
  timezone: Defaulted<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: 'owner' | 'admin' | 'supervisor' | 'agent';
  status: Defaulted<'active' | 'deactivated'>;
  created_at: Timestamp;
}

export interface InvitationsTable {
  id: string;
  workspace_id: string;
  email: string;
  role: 'admin' | 'supervisor' | 'agent';
  team_ids: Defaulted<string[]>;
  token_hash: string;
  invited_by: string | null;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  workspace_id: string;
  token_hash: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface LoginFailuresTable {
  id: string;
  email_key: string;
  ip: string;
  created_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  workspace_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  scopes: string[];
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface TeamsTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  workspace_id: string;
}

export interface CompaniesTable {
  id: string;
  workspace_id: string;
  name: string;
  domain: string | null;
  attributes: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomersTable {
  id: string;
  workspace_id: string;
  name: string | null;
  company_id: string | null;
  attributes: Json;
  custom_fields: Json;
  locale: string | null;
  timezone: string | null;
  merged_into_id: string | null;
  search_vector: TsVector;
  /** 0006_sla.sql: standard or vip (SLA policy conditions, queue order). */
  tier: Defaulted<'standard' | 'vip'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerIdentitiesTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  kind: 'email' | 'phone' | 'visitor' | 'external';
  value: string;
  value_key: string;
  created_at: Timestamp;
}

export interface CustomerNotesTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  author_id: string | null;
  body: string;
  created_at: Timestamp;
}

export interface TagsTable {
  id: string;
  workspace_id: string;
  name: string;
  name_key: string;
  color: string | null;
  created_at: Timestamp;
}

export interface CustomFieldDefinitionsTable {
  id: string;
  workspace_id: string;
  entity: 'conversation' | 'customer';
  key: string;
  label: string;
  type: 'text' | 'number' | 'boolean' | 'date' | 'select' | 'multiselect';
  options: Defaulted<string[]>;
  required: Defaulted<boolean>;
  position: Defaulted<number>;
  created_at: Timestamp;
}

export interface WorkspaceCountersTable {
  workspace_id: string;
  name: string;
  value: Defaulted<number>;
}

export interface ConversationsTable {
  id: string;
  workspace_id: string;
  number: number;
  channel: 'chat' | 'email' | 'api' | 'phone' | 'wechat' | 'wecom';
  subject: string | null;
  status: 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  customer_id: string;
  assignee_id: string | null;
  team_id: string | null;
  custom_fields: Json;
  merged_into_id: string | null;
  last_message_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConversationTagsTable {
  conversation_id: string;
  tag_id: string;
  workspace_id: string;
}

export interface ConversationLinksTable {
  workspace_id: string;
  conversation_id: string;
  linked_id: string;
  created_at: Timestamp;
}

export interface MessagesTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  author_type: 'customer' | 'agent' | 'bot' | 'system';
  author_id: string | null;
  visibility: 'public' | 'internal';
  body: string;
  html: string | null;
  search_vector: TsVector;
  created_at: Timestamp;
}

export interface AttachmentsTable {
  id: string;
  workspace_id: string;
  message_id: string | null;
  blob_key: string;
  filename: string;
  content_type: string;
  size: number;
  uploaded_by: string | null;
  /** Inline mail images: the part's Content-ID, which the HTML refers to as cid:… */
  content_id: Defaulted<string | null>;
  created_at: Timestamp;
}

export interface ConversationEventsTable {
  id: string;
  workspace_id: string;
  conversation_id: string;
  type: string;
  actor_type: string;
  actor_id: string | null;
  data: Json;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: string;
  workspace_id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  data: Json;
  ip: string | null;
  created_at: Timestamp;
}

export interface RealtimeEventsTable {
  workspace_id: string;
  position: number;
  type: string;
  conversation_id: string | null;
  internal: boolean;
  payload: Json;
  created_at: Timestamp;
}

/** Committed events waiting for their position (db/event-positioner.ts). */
export interface RealtimeOutboxTable {
  id: Generated<number>;
  workspace_id: string;
  type: string;
  conversation_id: string | null;
  internal: boolean;
  payload: Json;
  created_at: Timestamp;
}

export interface CannedResponsesTable {
  id: string;
  workspace_id: string;
  shortcut: string;
  shortcut_key: string;
  title: string;
  body: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Conversations per key, kept by a trigger on `conversations` (migration 0003). */
export interface ConversationCountsTable {
  workspace_id: string;
  status: ConversationsTable['status'];
  assignee_id: string | null;
  team_id: string | null;
  count: number;
}

/** Chat widget settings, one row per workspace (migration 0002). */
export interface WidgetSettingsTable {
  workspace_id: string;
  public_key: string;
  identity_secret: string;
  link_secret: string;
  enabled: Defaulted<boolean>;
  color: Defaulted<string>;
  greeting_zh: Defaulted<string>;
  greeting_en: Defaulted<string>;
  prechat_name: Defaulted<'off' | 'optional' | 'required'>;
  prechat_email: Defaulted<'off' | 'optional' | 'required'>;
  expected_reply_minutes: Defaulted<number>;
  allowed_origins: Defaulted<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WidgetVisitorsTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  token_hash: string;
  external_id: string | null;
  ip: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ConversationReadsTable {
  conversation_id: string;
  workspace_id: string;
  visitor_last_read_at: Timestamp | null;
  agent_last_read_at: Timestamp | null;
}

export interface AgentPresenceTable {
  workspace_id: string;
  user_id: string;
  availability: Defaulted<'online' | 'away'>;
  last_seen_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Generated<Date>;
}

export interface DB
  extends
    EmailTables,
    RoutingTables,
    SlaTables,
    AutomationTables,
    KnowledgeTables,
    SurveyTables,
    AnswerBotTables {
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  api_tokens: ApiTokensTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  companies: CompaniesTable;
  customers: CustomersTable;
  customer_identities: CustomerIdentitiesTable;
  customer_notes: CustomerNotesTable;
  tags: TagsTable;
  custom_field_definitions: CustomFieldDefinitionsTable;
  workspace_counters: WorkspaceCountersTable;
  conversations: ConversationsTable;
  conversation_tags: ConversationTagsTable;
  conversation_links: ConversationLinksTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  conversation_events: ConversationEventsTable;
  audit_log: AuditLogTable;
  realtime_events: RealtimeEventsTable;
  realtime_outbox: RealtimeOutboxTable;
  schema_migrations: SchemaMigrationsTable;
  widget_settings: WidgetSettingsTable;
  widget_visitors: WidgetVisitorsTable;
  conversation_reads: ConversationReadsTable;
  agent_presence: AgentPresenceTable;
  canned_responses: CannedResponsesTable;
  conversation_counts: ConversationCountsTable;
}

export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type NewConversation = Insertable<ConversationsTable>;
export type WorkspaceRow = Selectable<WorkspacesTable>;
export type InvitationRow = Selectable<InvitationsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type TeamRow = Selectable<TeamsTable>;
export type TagRow = Selectable<TagsTable>;
export type CustomFieldRow = Selectable<CustomFieldDefinitionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type CannedResponseRow = Selectable<CannedResponsesTable>;
export type WidgetSettingsRow = Selectable<WidgetSettingsTable>;
export type WidgetVisitorRow = Selectable<WidgetVisitorsTable>;
