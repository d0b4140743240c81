import { type FormEvent, useId, useState } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Link } from '../lib/router.tsx';
import { Avatar } from '../ui/Avatar.tsx';
import { StatusBadge } from '../ui/Badge.tsx';
import { ChannelIcon } from '../ui/ChannelIcon.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Spinner } from '../ui/Spinner.tsx';
import { useToast } from '../ui/Toaster.tsx';
import type { CustomerState } from './useCustomer.ts';
import { CustomerTierSelect } from '../sla/CustomerTierSelect.tsx';

/** Any attribute value as display text (values are untrusted; they are only ever text). */
export function attributeText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map((item) => attributeText(item)).join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Who the customer is and what they said before: profile, identities, company, attributes,
 * notes and every conversation on every channel.
 */
export function CustomerPanel({
  state,
  currentConversationId,
}: {
  state: CustomerState;
  currentConversationId?: string;
}) {
  const { t, format } = useI18n();
  const { directory, agentName } = useWorkspace();
  const { customer } = state;
  if (state.error && !customer)
    return (
      <section className="panel-section" role="alert">
        {errorMessage(state.error, t)}
      </section>
    );
  if (!customer)
    return (
      <section className="panel-section">
        <Spinner label={t('app.loading')} />
      </section>
    );
  const name = customer.name ?? t('list.anonymous');
  const fields = directory.fields.filter((field) => field.entity === 'customer');
  const attributes = Object.entries(customer.attributes);

  return (
    <section className="panel-section customer-panel" aria-labelledby="customer-title">
      <h2 className="panel-title visually-hidden" id="customer-title">
        {t('customer.panel')}: {name}
      </h2>
      <div className="customer-card">
        <Avatar name={name} size={40} />
        <div className="customer-card-text">
          <Link to={`/app/customers/${customer.id}`} className="customer-name">
            {name}
          </Link>
          <span className="muted small">
            {t('customer.since', { date: format.date(customer.createdAt) })}
          </span>
        </div>
      </div>

      <h3 className="panel-subtitle">{t('customer.identities')}</h3>
      <ul className="identity-list">
        {customer.identities.length === 0 ? <li className="muted">{t('customer.none')}</li> : null}
        {customer.identities.map((identity) => (
          <li key={identity.id}>
            <span className="identity-kind">{t(`identity.${identity.kind}`)}</span>
            <span className="identity-value truncate" title={identity.value}>
              {identity.value}
            </span>
          </li>
        ))}
      </ul>

      <h3 className="panel-subtitle">{t('customer.profile')}</h3>
      <dl className="props compact">
        <div className="prop-row static">
          <dt>{t('customer.company')}</dt>
          <dd>
            {customer.company ? (
              <span className="with-icon">
                <Icon name="building" size={13} />
                {customer.company.name}
              </span>
            ) : (
              <span className="muted">{t('customer.none')}</span>
            )}
          </dd>
        </div>
        <div className="prop-row static">
          <dt>{t('customer.locale')}</dt>
          <dd>{customer.locale ?? '—'}</dd>
        </div>
        <div className="prop-row static">
          <dt>{t('customer.timezone')}</dt>
          <dd>{customer.timezone ?? '—'}</dd>
        </div>
        <div className="prop-row static">
          <dt>{t('sla.tier.label')}</dt>
          <dd>
            <CustomerTierSelect key={customer.id} customer={customer} />
          </dd>
        </div>
        {fields.map((field) => (
          <div key={field.id} className="prop-row static">
            <dt>{field.label}</dt>
            <dd>{attributeText(customer.customFields[field.key])}</dd>
          </div>
        ))}
      </dl>

      {attributes.length > 0 ? (
        <>
          <h3 className="panel-subtitle">{t('customer.attributes')}</h3>
          <dl className="props compact">
            {attributes.map(([key, value]) => (
              <div key={key} className="prop-row static">
                <dt className="truncate">{key}</dt>
                <dd>{attributeText(value)}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}

      <h3 className="panel-subtitle">{t('customer.history')}</h3>
      {state.conversations.length === 0 ? (
        <p className="muted small">{t('customer.historyEmpty')}</p>
      ) : null}
      <ul className="history-list">
        {state.conversations.map((item) => (
          <li key={item.id} className={item.id === currentConversationId ? 'current' : ''}>
            <Link
              to={`/app/inbox/all/${item.id}`}
              aria-current={item.id === currentConversationId ? 'true' : undefined}
            >
              <span className="history-top">
                <span className="truncate">{item.subject ?? t('list.noSubject')}</span>
                <time dateTime={item.createdAt}>{format.shortDate(item.createdAt)}</time>
              </span>
              <span className="history-meta">
                <span className="muted">#{item.number}</span>
                <ChannelIcon channel={item.channel} />
                <StatusBadge status={item.status} />
                {item.id === currentConversationId ? (
                  <span className="muted">({t('customer.current')})</span>
                ) : null}
                {item.assigneeId ? (
                  <span className="muted truncate">{agentName(item.assigneeId)}</span>
                ) : null}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {state.hasMoreConversations ? (
        <button
          type="button"
          className="button button-ghost small"
          onClick={state.loadMoreConversations}
        >
          {t('list.loadMore')}
        </button>
      ) : null}

      <h3 className="panel-subtitle">{t('customer.notes')}</h3>
      <NoteForm onAdd={state.addNote} />
      <ul className="note-list">
        {state.notes.map((note) => (
          <li key={note.id}>
            <p>{note.body}</p>
            <span className="muted small">
              {agentName(note.authorId) ?? t('author.agent')} · {format.shortDate(note.createdAt)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NoteForm({ onAdd }: { onAdd: (body: string) => Promise<void> }) {
  const { t } = useI18n();
  const toast = useToast();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    try {
      await onAdd(body.trim());
      setBody('');
    } catch (error) {
      toast.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="note-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={id} className="visually-hidden">
        {t('customer.addNote')}
      </label>
      <textarea
        id={id}
        rows={2}
        value={body}
        placeholder={t('customer.addNote')}
        onChange={(event) => setBody(event.target.value)}
      />
      <button type="submit" className="button small" disabled={busy || !body.trim()}>
        {t('customer.saveNote')}
      </button>
    </form>
  );
}
