import { useEffect, useId, useState } from 'react';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import type { Conversation, Page } from '../lib/types.ts';
import { StatusBadge } from '../ui/Badge.tsx';
import { ChannelIcon } from '../ui/ChannelIcon.tsx';
import { Dialog } from '../ui/Dialog.tsx';

interface Props {
  conversation: Conversation;
  onClose: () => void;
  onMerged: (target: Conversation) => void;
}

/** Pick the conversation to merge into: the customer's others first, or search for any. */
export function MergeDialog({ conversation, onClose, onMerged }: Props) {
  const { t, format } = useI18n();
  const [q, setQ] = useState('');
  const [candidates, setCandidates] = useState<Conversation[] | null>(null);
  const [target, setTarget] = useState<Conversation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const groupName = useId();

  useEffect(() => {
    let cancelled = false;
    const timer = window.setTimeout(() => {
      const request = q.trim()
        ? api.get<Page<Conversation>>('/conversations', {
            q: q.trim(),
            limit: 10,
            status: ['new', 'open', 'pending', 'on_hold', 'solved'],
          })
        : api.get<Page<Conversation>>(`/customers/${conversation.customer.id}/conversations`, {
            limit: 20,
          });
      request.then(
        (page) => {
          if (cancelled) return;
          setCandidates(
            page.items.filter(
              (item) =>
                item.id !== conversation.id &&
                item.mergedIntoId === null &&
                item.status !== 'closed',
            ),
          );
        },
        (failure: unknown) => !cancelled && setError(errorMessage(failure, t)),
      );
    }, 200);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [q, conversation.id, conversation.customer.id, t]);

  const merge = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      await api.post<Conversation>(`/conversations/${conversation.id}/merge`, {
        targetId: target.id,
      });
      onMerged(target);
    } catch (failure) {
      setError(errorMessage(failure, t));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('merge.title', { number: conversation.number })}
      onClose={onClose}
      className="dialog-wide"
      footer={
        <>
          <button type="button" className="button button-ghost" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!target || busy}
            onClick={() => void merge()}
          >
            {target ? t('merge.confirm', { number: target.number }) : t('conversation.merge')}
          </button>
        </>
      }
    >
      <p className="muted">{t('merge.explain')}</p>
      <label className="field" htmlFor={inputId}>
        <span>{t('merge.search')}</span>
      </label>
      <input
        id={inputId}
        type="search"
        data-autofocus
        value={q}
        placeholder={t('merge.searchPlaceholder')}
        onChange={(event) => setQ(event.target.value)}
      />
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <fieldset className="merge-candidates">
        <legend className="visually-hidden">{t('merge.search')}</legend>
        {candidates && candidates.length === 0 ? <p className="muted">{t('merge.none')}</p> : null}
        {(candidates ?? []).map((item) => (
          <label
            key={item.id}
            className={`merge-candidate ${target?.id === item.id ? 'selected' : ''}`}
          >
            <input
              type="radio"
              name={groupName}
              checked={target?.id === item.id}
              onChange={() => setTarget(item)}
            />
            <span className="muted">#{item.number}</span>
            <span className="truncate grow">
              {item.customer.name ?? t('list.anonymous')} · {item.subject ?? t('list.noSubject')}
            </span>
            <ChannelIcon channel={item.channel} />
            <StatusBadge status={item.status} />
            <time dateTime={item.updatedAt}>{format.shortDate(item.updatedAt)}</time>
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}
