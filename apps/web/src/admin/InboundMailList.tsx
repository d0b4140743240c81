import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { api } from '../lib/api.ts';
import { knownReason } from '../lib/email.ts';
import { Link } from '../lib/router.tsx';
import type { Page } from '../lib/types.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import type { InboundEmail, InboundStatus, MailChannel } from './types.ts';
import { EmptyState, LoadState } from './ui.tsx';

type Filter = 'attention' | 'all' | Exclude<InboundStatus, 'received'>;
const filters: Filter[] = ['attention', 'quarantined', 'held', 'ignored', 'processed', 'all'];
const pageSize = 50;
const retryable: InboundStatus[] = ['quarantined', 'held', 'ignored'];

const newestFirst = (a: InboundEmail, b: InboundEmail) =>
  a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : a.id < b.id ? 1 : -1;

/** "Needs attention" is two statuses; the API filters by one, so it asks twice. */
async function loadPage(filter: Filter, cursor?: string): Promise<Page<InboundEmail>> {
  if (filter !== 'attention') {
    return api.get<Page<InboundEmail>>('/inbound-emails', {
      status: filter === 'all' ? undefined : filter,
      limit: pageSize,
      cursor,
    });
  }
  const [quarantined, held] = await Promise.all(
    (['quarantined', 'held'] as const).map((status) =>
      api.get<Page<InboundEmail>>('/inbound-emails', { status, limit: 100 }),
    ),
  );
  return { items: [...quarantined!.items, ...held!.items].sort(newestFirst), nextCursor: null };
}

/** Mail as it arrived: what needs an admin first, then everything by status. */
export function InboundMailList({
  channels,
  onChanged,
}: {
  channels: MailChannel[];
  /** Counters on the mailboxes changed (after processing a mail again). */
  onChanged: () => void;
}) {
  const { t, format } = useI18n();
  const toast = useToast();
  const [filter, setFilter] = useState<Filter>('attention');
  const [items, setItems] = useState<InboundEmail[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const timer = useRef<number | null>(null);

  useEffect(() => {
    let current = true;
    loadPage(filter).then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setError(null);
      },
      (failure: unknown) => {
        if (current) setError(failure);
      },
    );
    return () => {
      current = false;
    };
  }, [filter, version]);

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const loadMore = () => {
    if (!cursor) return;
    loadPage(filter, cursor).then(
      (page) => {
        setItems((list) => [...(list ?? []), ...page.items]);
        setCursor(page.nextCursor);
      },
      (failure: unknown) => toast.error(errorMessage(failure, t)),
    );
  };

  const reprocess = (mail: InboundEmail) => {
    setBusy(mail.id);
    api.post<InboundEmail>(`/inbound-emails/${mail.id}/reprocess`).then(
      (updated) => {
        setBusy(null);
        setItems((list) => list?.map((item) => (item.id === updated.id ? updated : item)) ?? null);
        toast.info(t('admin.inbound.reprocessed'));
        // Processing runs as a job: read the list and the counters again shortly.
        if (timer.current !== null) window.clearTimeout(timer.current);
        timer.current = window.setTimeout(() => {
          setVersion((value) => value + 1);
          onChanged();
        }, 1500);
      },
      (failure: unknown) => {
        setBusy(null);
        toast.error(errorMessage(failure, t));
      },
    );
  };

  const reasonText = (mail: InboundEmail) => {
    if (!mail.reason) return null;
    const known = knownReason(mail.reason);
    return known
      ? t(`admin.inbound.reason.${known}`)
      : t('admin.inbound.reasonCode', { code: mail.reason });
  };

  return (
    <section className="admin-subsection" aria-labelledby="admin-inbound">
      <div className="admin-toolbar mail-inbound-toolbar">
        <div>
          <h3 id="admin-inbound" className="admin-subtitle">
            {t('admin.inbound.title')}
          </h3>
          <p className="muted small">{t('admin.inbound.description')}</p>
        </div>
      </div>
      <div className="admin-tabs" role="group" aria-label={t('admin.inbound.filter')}>
        {filters.map((value) => (
          <button
            key={value}
            type="button"
            className={`admin-tab ${filter === value ? 'active' : ''}`}
            aria-pressed={filter === value}
            onClick={() => {
              setItems(null);
              setFilter(value);
            }}
          >
            {value === 'attention' || value === 'all'
              ? t(`admin.inbound.filter.${value}`)
              : t(`admin.inbound.status.${value}`)}
          </button>
        ))}
      </div>
      {!items ? (
        <LoadState error={error} onRetry={() => setVersion((value) => value + 1)} />
      ) : items.length === 0 ? (
        <EmptyState
          text={filter === 'attention' ? t('admin.inbound.empty') : t('admin.inbound.emptyAll')}
        />
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table mail-inbound">
            <thead>
              <tr>
                <th scope="col">{t('admin.inbound.col.received')}</th>
                <th scope="col">{t('admin.inbound.col.from')}</th>
                <th scope="col">{t('admin.inbound.col.subject')}</th>
                <th scope="col">{t('admin.inbound.col.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.inbound.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((mail) => {
                const sender = mail.from ?? t('admin.inbound.noSender');
                const mailbox = channels.find((channel) => channel.id === mail.channelId);
                return (
                  <tr key={mail.id} className="mail-inbound-row" data-status={mail.status}>
                    <td className="nowrap" title={format.dateTime(mail.receivedAt)}>
                      {format.shortDate(mail.receivedAt)}
                    </td>
                    <td className="mail-from">
                      {mail.from ? (
                        <span data-user-content>{mail.from}</span>
                      ) : (
                        <span className="muted">{sender}</span>
                      )}
                      {mailbox && channels.length > 1 ? (
                        <div className="muted small" data-user-content>
                          → {mailbox.address}
                        </div>
                      ) : null}
                    </td>
                    <td className="mail-subject">
                      {mail.subject ? (
                        <span data-user-content>{mail.subject}</span>
                      ) : (
                        <span className="muted">{t('admin.inbound.noSubject')}</span>
                      )}
                      <div className="muted small">{format.fileSize(mail.size)}</div>
                    </td>
                    <td className="mail-status">
                      <span className={`badge mail-status-${mail.status}`}>
                        {t(`admin.inbound.status.${mail.status}`)}
                      </span>
                      {mail.reason ? <p className="mail-reason">{reasonText(mail)}</p> : null}
                      {mail.detail ? (
                        <p className="mail-detail muted small" data-user-content>
                          {mail.detail}
                        </p>
                      ) : null}
                    </td>
                    <td className="admin-row-actions">
                      {mail.conversationId ? (
                        <Link
                          to={`/app/inbox/all/${mail.conversationId}`}
                          className="button small button-ghost"
                        >
                          {t('admin.inbound.conversation')}
                        </Link>
                      ) : null}
                      {retryable.includes(mail.status) ? (
                        <button
                          type="button"
                          className="button small"
                          disabled={busy === mail.id}
                          onClick={() => reprocess(mail)}
                          aria-label={t('admin.inbound.reprocessName', { name: sender })}
                        >
                          {t('admin.inbound.reprocess')}
                        </button>
                      ) : null}
                      <a
                        className="button small button-ghost"
                        href={`/api/v1/inbound-emails/${encodeURIComponent(mail.id)}/raw`}
                        download={`mail-${mail.id}.eml`}
                        aria-label={t('admin.inbound.downloadName', { name: sender })}
                      >
                        <Icon name="paperclip" size={13} />
                        {t('admin.inbound.download')}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {cursor && items?.length ? (
        <div className="admin-more">
          <button type="button" className="button" onClick={loadMore}>
            {t('admin.loadMore')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
