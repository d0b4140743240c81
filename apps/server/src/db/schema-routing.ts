import type { ColumnType, Selectable } from 'kysely';
import type { Defaulted, Timestamp } from './schema.ts';

/** jsonb read back as a value of T, written as JSON text. */
type JsonOf<T> = ColumnType<T, string | undefined, string>;

export type RoutingStrategy = 'manual' | 'round_robin' | 'balanced' | 'skills' | 'sticky';
export type AgentStatus = 'online' | 'away' | 'offline';
export interface SkillRequirement {
  skillId: string;
  minLevel: number;
  optional: boolean;
}

export interface RoutingSettingsTable {
  workspace_id: string;
  default_capacity: JsonOf<Record<string, number>>;
  away_reasons: Defaulted<string[]>;
  auto_away_minutes: Defaulted<number>;
  channel_teams: JsonOf<Record<string, string>>;
  updated_at: Defaulted<Date>;
}

export interface AgentRoutingTable {
  workspace_id: string;
  user_id: string;
  status: Defaulted<AgentStatus>;
  away_reason: string | null;
  capacity: JsonOf<Record<string, number>>;
  last_assigned_at: Timestamp | null;
  status_changed_at: Timestamp | null;
}

export interface SkillsTable {
  id: string;
  workspace_id: string;
  name: string;
  name_key: string;
  created_at: Defaulted<Date>;
}

export interface AgentSkillsTable {
  workspace_id: string;
  user_id: string;
  skill_id: string;
  level: number;
}

export interface TeamRoutingTable {
  team_id: string;
  workspace_id: string;
  strategy: Defaulted<RoutingStrategy>;
  offer_timeout_seconds: number | null;
  overflow_team_id: string | null;
  overflow_after_seconds: number | null;
  requeue_on_offline: Defaulted<boolean>;
  required_skills: JsonOf<SkillRequirement[]>;
  skill_relax_seconds: number | null;
  updated_at: Defaulted<Date>;
}

export interface RoutingQueueTable {
  conversation_id: string;
  workspace_id: string;
  team_id: string;
  customer_id: string;
  channel: string;
  priority_rank: number;
  tier_rank: Defaulted<number>;
  sla_due_at: Timestamp | null;
  queued_at: Timestamp;
  required_skills: JsonOf<SkillRequirement[]>;
  declined_by: Defaulted<string[]>;
  offer_agent_id: string | null;
  offer_expires_at: Timestamp | null;
  offer_seq: Defaulted<number>;
}

export interface RoutingAssignmentsTable {
  id: string;
  workspace_id: string;
  team_id: string | null;
  conversation_id: string;
  agent_id: string;
  queued_at: Timestamp;
  assigned_at: Timestamp;
}

export interface AgentLoadTable {
  workspace_id: string;
  user_id: string;
  channel: string;
  open_count: number;
}

/** The routing tables (migration 0007). */
export interface RoutingTables {
  routing_settings: RoutingSettingsTable;
  agent_routing: AgentRoutingTable;
  skills: SkillsTable;
  agent_skills: AgentSkillsTable;
  team_routing: TeamRoutingTable;
  routing_queue: RoutingQueueTable;
  routing_assignments: RoutingAssignmentsTable;
  agent_load: AgentLoadTable;
}

export type TeamRoutingRow = Selectable<TeamRoutingTable>;
export type QueueRow = Selectable<RoutingQueueTable>;
