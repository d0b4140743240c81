import { useEffect, useId, useState } from 'react';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { navigate } from '../lib/router.tsx';
import type { SearchResult } from '../lib/types.ts';
import { Avatar } from '../ui/Avatar.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { Icon } from '../ui/Icon.tsx';

type Hit =
  { kind: 'message'; id: string; href: string } | { kind: 'customer'; id: string; href: string };

/** Search across messages and customers (Chinese and English), opened with / or Ctrl+K. */
export function SearchDialog({ onClose }: { onClose: () => void }) {
  const { t, format } = useI18n();
  const [q, setQ] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const inputId = useId();
  const listId = useId();

  useEffect(() => {
    const text = q.trim();
    if (!text) {
      setResult(null);
      return;
    }
    let cancelled = false;
    const timer = window.setTimeout(() => {
      api.get<SearchResult>('/search', { q: text, limit: 20 }).then(
        (value) => {
          if (cancelled) return;
          setResult(value);
          setError(null);
          setActive(0);
        },
        (failure: unknown) => !cancelled && setError(errorMessage(failure, t)),
      );
    }, 180);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [q, t]);

  const hits: Hit[] = [
    ...(result?.messages ?? []).map((m) => ({
      kind: 'message' as const,
      id: m.id,
      href: `/app/inbox/all/${m.conversationId}`,
    })),
    ...(result?.customers ?? []).map((c) => ({
      kind: 'customer' as const,
      id: c.id,
      href: `/app/customers/${c.id}`,
    })),
  ];
  const go = (hit: Hit | undefined) => {
    if (!hit) return;
    onClose();
    navigate(hit.href);
  };
  const optionId = (index: number) => `${listId}-${index}`;
  let index = -1;

  return (
    <Dialog title={t('search.title')} onClose={onClose} className="dialog-search">
      <div className="search-box">
        <Icon name="search" />
        <label htmlFor={inputId} className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          id={inputId}
          type="search"
          data-autofocus
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={hits.length > 0 ? optionId(active) : undefined}
          placeholder={t('search.placeholder')}
          value={q}
          onChange={(event) => setQ(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const delta = event.key === 'ArrowDown' ? 1 : -1;
              setActive((current) =>
                Math.min(Math.max(current + delta, 0), Math.max(hits.length - 1, 0)),
              );
            } else if (event.key === 'Enter') {
              event.preventDefault();
              go(hits[active]);
            }
          }}
        />
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {!q.trim() ? <p className="muted search-hint">{t('search.hint')}</p> : null}
      {result && hits.length === 0 ? (
        <p className="muted search-hint">{t('search.empty', { q: q.trim() })}</p>
      ) : null}
      <div id={listId} role="listbox" aria-label={t('search.title')} className="search-results">
        {result && result.messages.length > 0 ? (
          <div role="group" aria-label={t('search.messages')}>
            <div className="search-group" aria-hidden="true">
              {t('search.messages')}
            </div>
            {result.messages.map((message) => {
              index += 1;
              const mine = index;
              return (
                <div
                  key={message.id}
                  id={optionId(mine)}
                  role="option"
                  aria-selected={active === mine}
                  className={`search-hit ${active === mine ? 'active' : ''}`}
                  onMouseEnter={() => setActive(mine)}
                  onClick={() => go(hits[mine])}
                >
                  <Icon name="chat" />
                  <span className="muted">#{message.conversationNumber}</span>
                  <span className="truncate grow">{message.body}</span>
                  <time dateTime={message.createdAt}>{format.shortDate(message.createdAt)}</time>
                </div>
              );
            })}
          </div>
        ) : null}
        {result && result.customers.length > 0 ? (
          <div role="group" aria-label={t('search.customers')}>
            <div className="search-group" aria-hidden="true">
              {t('search.customers')}
            </div>
            {result.customers.map((customer) => {
              index += 1;
              const mine = index;
              const name = customer.name ?? t('list.anonymous');
              return (
                <div
                  key={customer.id}
                  id={optionId(mine)}
                  role="option"
                  aria-selected={active === mine}
                  className={`search-hit ${active === mine ? 'active' : ''}`}
                  onMouseEnter={() => setActive(mine)}
                  onClick={() => go(hits[mine])}
                >
                  <Avatar name={name} size={22} />
                  <span className="truncate">{name}</span>
                  <span className="muted truncate grow">{customer.identities.join(' · ')}</span>
                </div>
              );
            })}
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
