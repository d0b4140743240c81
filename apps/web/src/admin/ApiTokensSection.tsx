import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { TokenDialog } from './TokenDialog.tsx';
import type { ApiToken } from './types.ts';
import { useLoad } from './useLoad.ts';
import { EmptyState, LoadState, PageHeader } from './ui.tsx';

/** Tokens for scripts and integrations: scopes, last use, revoke. */
export function ApiTokensSection() {
  const { t, format } = useI18n();
  const toast = useToast();
  const tokens = useLoad(() =>
    api.get<{ items: ApiToken[] }>('/api-tokens').then((page) => page.items),
  );
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  return (
    <section className="admin-page" aria-labelledby="admin-tokens">
      <PageHeader
        id="admin-tokens"
        title={t('admin.tokens.title')}
        description={t('admin.tokens.description')}
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" />
            {t('admin.tokens.new')}
          </button>
        }
      />
      {!tokens.data ? (
        <LoadState error={tokens.error} onRetry={tokens.reload} />
      ) : tokens.data.length === 0 ? (
        <EmptyState text={t('admin.tokens.empty')} />
      ) : (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.tokens.name')}</th>
                <th scope="col">{t('admin.tokens.prefix')}</th>
                <th scope="col">{t('admin.tokens.scopes')}</th>
                <th scope="col">{t('admin.tokens.created')}</th>
                <th scope="col">{t('admin.tokens.lastUsed')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id} className={token.revokedAt ? 'row-muted' : ''}>
                  <td>{token.name}</td>
                  <td className="nowrap">
                    <code>{token.prefix}…</code>
                  </td>
                  <td>
                    <span className="admin-scopes">
                      {token.scopes.map((scope) => (
                        <span
                          key={scope}
                          className={`badge ${scope === 'admin' ? 'badge-warn' : ''}`}
                        >
                          {scope}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td className="nowrap" title={format.dateTime(token.createdAt)}>
                    {format.shortDate(token.createdAt)}
                  </td>
                  <td>
                    {token.lastUsedAt ? (
                      <span title={format.dateTime(token.lastUsedAt)}>
                        {format.relative(token.lastUsedAt)}
                      </span>
                    ) : (
                      <span className="muted">{t('admin.tokens.never')}</span>
                    )}
                  </td>
                  <td className="admin-row-actions">
                    {token.revokedAt ? (
                      <span className="badge">
                        {t('admin.tokens.revokedOn', { date: format.date(token.revokedAt) })}
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button small button-danger-ghost"
                        onClick={() => setRevoking(token)}
                        aria-label={t('admin.tokens.revokeName', { name: token.name })}
                      >
                        {t('admin.tokens.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating ? (
        <TokenDialog
          onClose={() => setCreating(false)}
          onCreated={({ token: _secret, ...token }) =>
            tokens.setData((list) => [token, ...(list ?? [])])
          }
        />
      ) : null}
      {revoking ? (
        <ConfirmDialog
          title={t('admin.tokens.revokeTitle', { name: revoking.name })}
          confirmLabel={t('admin.tokens.revoke')}
          danger
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await api.delete(`/api-tokens/${revoking.id}`);
            tokens.reload();
            toast.info(t('admin.tokens.revoked'));
            setRevoking(null);
          }}
        >
          <p>{t('admin.tokens.revokeBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
