import { useI18n } from '../i18n/I18nProvider.tsx';
import { useInboxCounts } from '../inbox/useInboxCounts.ts';
import { allStatuses } from '../inbox/views.ts';
import { Link, matchPath, useLocation } from '../lib/router.tsx';
import { Avatar } from '../ui/Avatar.tsx';
import { Icon, type IconName } from '../ui/Icon.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { LanguageSelect } from './LanguageSelect.tsx';
import { StatusMenu } from '../routing/StatusMenu.tsx';
import { useWorkspace } from './workspace-context.tsx';

interface Props {
  onSearch: () => void;
  onHelp: () => void;
}

/** Views with live counts, search, and the account controls. */
export function Sidebar({ onSearch, onHelp }: Props) {
  const { t, format } = useI18n();
  const { session, me, directory, isAdmin, signOut } = useWorkspace();
  const counts = useInboxCounts();
  const location = useLocation();
  const current = matchPath('/app/inbox/:view/*', location.path)?.view ?? null;
  const myTeams = directory.teams.filter((team) => me?.teamIds.includes(team.id));

  const item = (
    view: string,
    label: string,
    icon: IconName,
    count: number | undefined,
    className = '',
  ) => (
    <li key={view} className={className}>
      <Link
        to={`/app/inbox/${view}`}
        className={`nav-item ${current === view ? 'active' : ''}`}
        aria-current={current === view ? 'page' : undefined}
      >
        <Icon name={icon} />
        <span className="nav-label">{label}</span>
        {count !== undefined ? (
          <span className="nav-count" aria-label={t('views.count', { count })}>
            {format.number(count)}
          </span>
        ) : null}
      </Link>
    </li>
  );

  return (
    <nav className="sidebar" aria-label={t('shell.mainNav')}>
      <div className="sidebar-top">
        <div className="workspace-name">
          <span className="brand-mark small" aria-hidden="true" data-brand>
            客
          </span>
          <span className="truncate" data-user-content>
            {session.workspace.name}
          </span>
        </div>
        <button type="button" className="search-button" onClick={onSearch}>
          <Icon name="search" />
          <span>{t('shell.search')}</span>
          <kbd className="kbd">Ctrl K</kbd>
        </button>
      </div>
      <div className="sidebar-scroll">
        <h2 className="nav-heading">{t('shell.inbox')}</h2>
        <ul className="nav-list">
          {item('mine', t('views.mine'), 'user', counts?.mine)}
          {item('unassigned', t('views.unassigned'), 'inbox', counts?.unassigned)}
          {item('all', t('views.all'), 'layers', counts?.all)}
        </ul>
        <h2 className="nav-heading">
          {t('views.teams')}
          {counts ? (
            <span className="nav-heading-count">{format.number(counts.myTeams)}</span>
          ) : null}
        </h2>
        {myTeams.length === 0 ? (
          <p className="nav-note">{directory.loaded ? t('views.noTeams') : '\u00a0'}</p>
        ) : (
          <ul className="nav-list">
            {item('teams', t('views.allMyTeams'), 'layers', counts?.myTeams)}
            {myTeams.map((team) =>
              item(`team-${team.id}`, team.name, 'users', counts?.byTeam[team.id]),
            )}
          </ul>
        )}
        <h2 className="nav-heading">{t('views.byStatus')}</h2>
        <ul className="nav-list">
          {allStatuses.map((status) =>
            item(
              `status-${status}`,
              t(`status.${status}`),
              'circle',
              counts?.byStatus[status],
              `status-dot-item status-${status}`,
            ),
          )}
        </ul>
      </div>
      <div className="sidebar-bottom">
        <Link
          to="/app/knowledge"
          className={`nav-item ${location.path.startsWith('/app/knowledge') ? 'active' : ''}`}
        >
          <Icon name="note" />
          <span className="nav-label">{t('knowledge.nav')}</span>
        </Link>
        {session.role !== 'agent' ? (
          <Link
            to="/app/queues"
            className={`nav-item ${location.path === '/app/queues' ? 'active' : ''}`}
          >
            <Icon name="layers" />
            <span className="nav-label">{t('queues.title')}</span>
          </Link>
        ) : null}
        {session.role !== 'agent' ? (
          <Link
            to="/app/reports/overview"
            className={`nav-item ${location.path.startsWith('/app/reports') ? 'active' : ''}`}
          >
            <Icon name="layers" />
            <span className="nav-label">{t('reports.title')}</span>
          </Link>
        ) : null}
        {isAdmin || session.role === 'supervisor' ? (
          <Link
            to="/app/admin"
            className={`nav-item ${location.path.startsWith('/app/admin') ? 'active' : ''}`}
          >
            <Icon name="settings" />
            <span className="nav-label">{t('shell.admin')}</span>
          </Link>
        ) : null}
        <button type="button" className="nav-item" onClick={onHelp}>
          <Icon name="keyboard" />
          <span className="nav-label">{t('shell.shortcuts')}</span>
        </button>
        <LanguageSelect compact />
        <div className="account">
          <Avatar name={session.user.name} size={26} />
          <div className="account-text">
            <span
              className="truncate"
              title={t('shell.signedInAs', { name: session.user.name })}
              data-user-content
            >
              {session.user.name}
            </span>
            <ConnectionIndicator />
            <StatusMenu />
          </div>
          <button
            type="button"
            className="icon-button"
            onClick={() => void signOut()}
            aria-label={t('shell.signOut')}
            title={t('shell.signOut')}
          >
            <Icon name="logout" />
          </button>
        </div>
      </div>
    </nav>
  );
}
