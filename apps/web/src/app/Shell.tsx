import { useCallback, useEffect, useState } from 'react';
import { AdminArea } from '../admin/AdminArea.tsx';
import { CustomerPage } from '../customer/CustomerPage.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { InboxPage } from '../inbox/InboxPage.tsx';
import { commandForKey, isTypingTarget } from '../lib/keyboard.ts';
import { Link, matchPath, navigate, useLocation } from '../lib/router.tsx';
import { SearchDialog } from '../search/SearchDialog.tsx';
import { OfferBanner } from '../routing/OfferBanner.tsx';
import { SlaAlerts } from '../sla/SlaAlerts.tsx';
import { AutomationNotices } from '../automations/AutomationNotices.tsx';
import { QueuesPage } from '../routing/QueuesPage.tsx';
import { KnowledgePage } from '../knowledge/KnowledgePage.tsx';
import { ReportsPage } from '../reports/ReportsPage.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { Sidebar } from './Sidebar.tsx';

/** The signed-in layout: navigation on the left, the routed page in `<main>`. */
export function Shell() {
  const { t } = useI18n();
  const location = useLocation();
  const [dialog, setDialog] = useState<'search' | 'help' | null>(null);
  const openSearch = useCallback(() => setDialog('search'), []);
  const openHelp = useCallback(() => setDialog('help'), []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      const command = commandForKey(event, isTypingTarget(event.target));
      if (command === 'search') {
        event.preventDefault();
        setDialog('search');
      } else if (command === 'help') {
        event.preventDefault();
        setDialog('help');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (location.path === '/app' || location.path === '/app/' || location.path === '/app/inbox')
      navigate('/app/inbox/mine', { replace: true });
  }, [location.path]);

  const inbox = matchPath('/app/inbox/:view/:conversationId?', location.path);
  const customer = matchPath('/app/customers/:id', location.path);
  const admin = matchPath('/app/admin/*', location.path) ?? matchPath('/app/admin', location.path);
  const knowledge =
    matchPath('/app/knowledge/*', location.path) ?? matchPath('/app/knowledge', location.path);
  const reports = matchPath('/app/reports/:tab?', location.path);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Sidebar onSearch={openSearch} onHelp={openHelp} />
      <main id="main" className="main" tabIndex={-1}>
        {inbox ? (
          <InboxPage
            view={inbox.view!}
            conversationId={inbox.conversationId ?? null}
            onHelp={openHelp}
          />
        ) : customer ? (
          <CustomerPage customerId={customer.id!} />
        ) : admin ? (
          <AdminArea subpath={admin['*'] ?? ''} />
        ) : knowledge ? (
          <KnowledgePage subpath={knowledge['*'] ?? ''} />
        ) : location.path === '/app/queues' ? (
          <QueuesPage />
        ) : reports ? (
          <ReportsPage tab={reports.tab ?? 'overview'} />
        ) : location.path.startsWith('/app/inbox') || location.path === '/app/' ? null : (
          <div className="empty-state">
            <p>{t('app.notFound')}</p>
            <Link to="/app/inbox/mine">{t('app.backToInbox')}</Link>
          </div>
        )}
      </main>
      <OfferBanner />
      <SlaAlerts />
      <AutomationNotices />
      {dialog === 'search' ? <SearchDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'help' ? <ShortcutsDialog onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
