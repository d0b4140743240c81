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
  | 'audit';

export interface Section {
  id: SectionId;
  label: MessageKey;
  icon: IconName;
}

/** The admin sections in menu order; each lives at `/app/admin/<id>`. */
export const sections: readonly Section[] = [
  { id: 'workspace', label: 'admin.nav.workspace', icon: 'building' },
  { id: 'agents', label: 'admin.nav.agents', icon: 'user' },
  { id: 'teams', label: 'admin.nav.teams', icon: 'users' },
  { id: 'routing', label: 'routing.nav', icon: 'send' },
  { id: 'hours', label: 'sla.hours.nav', icon: 'clock' },
  { id: 'sla', label: 'sla.policies.nav', icon: 'alert' },
  { id: 'triggers', label: 'automations.triggers.nav', icon: 'bolt' },
  { id: 'time-rules', label: 'automations.timeRules.nav', icon: 'clock' },
  { id: 'macros', label: 'macros.nav', icon: 'layers' },
  { id: 'procedures', label: 'procedures.nav', icon: 'check' },
  { id: 'tags', label: 'admin.nav.tags', icon: 'tag' },
  { id: 'fields', label: 'admin.nav.fields', icon: 'layers' },
  { id: 'canned', label: 'admin.nav.canned', icon: 'bolt' },
  { id: 'widget', label: 'admin.nav.widget', icon: 'chat' },
  { id: 'email', label: 'admin.nav.email', icon: 'mail' },
  { id: 'tokens', label: 'admin.nav.tokens', icon: 'code' },
  { id: 'audit', label: 'admin.nav.audit', icon: 'note' },
];

/** The section a subpath (`tags`, `agents/123`) points at; null for an unknown one. */
export function sectionOf(subpath: string): SectionId | null {
  const first = subpath.split('/')[0] || 'workspace';
  return sections.find((section) => section.id === first)?.id ?? null;
}
