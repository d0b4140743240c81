import type { MessageKey } from '../i18n/translate.ts';
import type { IconName } from '../ui/Icon.tsx';

export type SectionId =
  | 'workspace'
  | 'agents'
  | 'teams'
  | 'tags'
  | 'fields'
  | 'canned'
  | 'tokens'
  | 'widget'
  | 'email'
  | 'routing'
  | 'hours'
  | 'sla'
  | 'triggers'
  | 'time-rules'
  | 'macros'
  | 'procedures'
  | 'surveys'
  | 'answer-bot'
  | 'audit';

export interface Section {
  id: SectionId;
  label: MessageKey;
  icon: IconName;
  /** Supervisors may use it too (its API needs the supervisor permission, not admin). */
  supervisor?: true;
}

/** The admin sections in menu order; each lives at `/app/admin/<id>`. */
export const sections: readonly Section[] = [
  { id: 'workspace', label: 'admin.nav.workspace', icon: 'building' },
  { id: 'agents', label: 'admin.nav.agents', icon: 'user' },
  { id: 'teams', label: 'admin.nav.teams', icon: 'users' },
  { id: 'routing', label: 'routing.nav', icon: 'send' },
  { id: 'hours', label: 'sla.hours.nav', icon: 'clock', supervisor: true },
  { id: 'sla', label: 'sla.policies.nav', icon: 'alert', supervisor: true },
  { id: 'triggers', label: 'automations.triggers.nav', icon: 'bolt', supervisor: true },
  { id: 'time-rules', label: 'automations.timeRules.nav', icon: 'clock', supervisor: true },
  { id: 'macros', label: 'macros.nav', icon: 'layers', supervisor: true },
  { id: 'procedures', label: 'procedures.nav', icon: 'check', supervisor: true },
  { id: 'surveys', label: 'surveys.nav', icon: 'chat', supervisor: true },
  { id: 'answer-bot', label: 'answerBot.nav', icon: 'question' },
  { id: 'tags', label: 'admin.nav.tags', icon: 'tag' },
  { id: 'fields', label: 'admin.nav.fields', icon: 'layers' },
  { id: 'canned', label: 'admin.nav.canned', icon: 'bolt' },
  { id: 'widget', label: 'admin.nav.widget', icon: 'chat' },
  { id: 'email', label: 'admin.nav.email', icon: 'mail' },
  { id: 'tokens', label: 'admin.nav.tokens', icon: 'code' },
  { id: 'audit', label: 'admin.nav.audit', icon: 'note' },
];

const supervisorSections = sections.filter((section) => section.supervisor);

/** The sections a role sees: admins and owners all, supervisors theirs, agents none. */
export function sectionsFor(role: string): readonly Section[] {
  if (role === 'owner' || role === 'admin') return sections;
  return role === 'supervisor' ? supervisorSections : [];
}

/**
 * The section a subpath (`tags`, `agents/123`) points at among `visible`; the first one for an
 * empty subpath, null for an unknown one.
 */
export function sectionOf(
  subpath: string,
  visible: readonly Section[] = sections,
): SectionId | null {
  const first = subpath.split('/')[0] || visible[0]?.id;
  return visible.find((section) => section.id === first)?.id ?? null;
}
