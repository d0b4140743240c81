import { type ComponentType, useEffect, useRef } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Link } from '../lib/router.tsx';
import { Icon } from '../ui/Icon.tsx';
import { AgentsSection } from './AgentsSection.tsx';
import { ApiTokensSection } from './ApiTokensSection.tsx';
import { AuditLogSection } from './AuditLogSection.tsx';
import { CannedSection } from './CannedSection.tsx';
import { CustomFieldsSection } from './CustomFieldsSection.tsx';
import { EmailSection } from './EmailSection.tsx';
import { RoutingSection } from '../routing/RoutingSection.tsx';
import { BusinessHoursSection } from '../sla/BusinessHoursSection.tsx';
import { SlaPoliciesSection } from '../sla/SlaPoliciesSection.tsx';
import { MacrosSection } from '../automations/MacrosSection.tsx';
import { ProceduresSection } from '../automations/ProceduresSection.tsx';
import { TimeRulesSection } from '../automations/TimeRulesSection.tsx';
import { TriggersSection } from '../automations/TriggersSection.tsx';
import { SurveysSection } from '../surveys/SurveysSection.tsx';
import { AnswerBotSection } from '../answer-bot/AnswerBotSection.tsx';
import { type SectionId, sectionOf, sectionsFor } from './sections.ts';
import { TagsSection } from './TagsSection.tsx';
import { TeamsSection } from './TeamsSection.tsx';
import { WidgetSection } from './WidgetSection.tsx';
import { WorkspaceSection } from './WorkspaceSection.tsx';
import './admin.css';

const screens: Record<SectionId, ComponentType> = {
  workspace: WorkspaceSection,
  agents: AgentsSection,
  teams: TeamsSection,
  tags: TagsSection,
  fields: CustomFieldsSection,
  canned: CannedSection,
  tokens: ApiTokensSection,
  widget: WidgetSection,
  email: EmailSection,
  routing: RoutingSection,
  hours: BusinessHoursSection,
  sla: SlaPoliciesSection,
  triggers: TriggersSection,
  'time-rules': TimeRulesSection,
  macros: MacrosSection,
  procedures: ProceduresSection,
  surveys: SurveysSection,
  'answer-bot': AnswerBotSection,
  audit: AuditLogSection,
};

/**
 * Entry point of the admin area (`/app/admin/*`): owners and admins see every section,
 * supervisors the ones they set up (business hours, SLA, automations). Agents get a clear page
 * saying so (the sidebar hides the link; the server refuses the requests anyway).
 */
export function AdminArea({ subpath }: { subpath: string }) {
  const { t } = useI18n();
  const { session } = useWorkspace();
  const sections = sectionsFor(session.role);
  const current = sectionOf(subpath, sections);
  const contentRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const section = sections.find((item) => item.id === current);
    const previous = document.title;
    document.title = `${section ? t(section.label) : t('admin.title')} · ${t('app.name')}`;
    return () => {
      document.title = previous;
    };
  }, [current, sections, t]);

  // A new section starts at its top.
  useEffect(() => {
    contentRef.current?.scrollTo({ top: 0 });
  }, [current]);

  if (sections.length === 0) {
    return (
      <div className="admin-denied" role="alert">
        <Icon name="alert" size={28} />
        <h1>{t('admin.denied.title')}</h1>
        <p>{t('admin.denied.body')}</p>
        <Link to="/app/inbox/mine" className="button">
          {t('app.backToInbox')}
        </Link>
      </div>
    );
  }

  const Screen = current ? screens[current] : null;
  return (
    <div className="admin">
      <nav className="admin-nav" aria-labelledby="admin-nav-title">
        <h1 id="admin-nav-title">{t('admin.title')}</h1>
        <ul>
          {sections.map((section) => (
            <li key={section.id}>
              <Link
                to={`/app/admin/${section.id}`}
                className={`admin-nav-item ${current === section.id ? 'active' : ''}`}
                aria-current={current === section.id ? 'page' : undefined}
              >
                <Icon name={section.icon} />
                <span>{t(section.label)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* Focusable so the keyboard can scroll long pages such as the audit log. */}
      <div
        className="admin-content"
        ref={contentRef}
        tabIndex={0}
        role="region"
        aria-labelledby="admin-nav-title"
      >
        {Screen ? (
          <Screen key={current} />
        ) : (
          <div className="admin-empty">
            <p>{t('app.notFound')}</p>
            <Link to="/app/admin">{t('admin.backToSettings')}</Link>
          </div>
        )}
      </div>
    </div>
  );
}
