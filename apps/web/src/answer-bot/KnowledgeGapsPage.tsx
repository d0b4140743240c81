import './answer-bot.css';
import { useState } from 'react';
import { useLoad } from '../admin/useLoad.ts';
import { EmptyState, LoadState } from '../admin/ui.tsx';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Link } from '../lib/router.tsx';
import { Icon } from '../ui/Icon.tsx';
import { type KnowledgeGapGroup, lastDays, writeArticleLink } from './gap-link.ts';

const ranges = [7, 30, 90] as const;
const rangeLabels = {
  7: 'answerBot.gaps.last7',
  30: 'answerBot.gaps.last30',
  90: 'answerBot.gaps.last90',
} as const;

/**
 * Knowledge → questions the bot could not answer (`/app/knowledge/gaps`, supervisors and
 * above): declined questions grouped by similarity, biggest first, each with its examples and
 * "Write an article", which opens the editor prefilled with the group.
 */
export function KnowledgeGapsPage() {
  const { t } = useI18n();
  const { session } = useWorkspace();
  const [days, setDays] = useState<(typeof ranges)[number]>(30);
  const [locale, setLocale] = useState('');
  const isAdmin = session.role === 'owner' || session.role === 'admin';

  return (
    <section aria-labelledby="gaps-title">
      <header className="kb-header">
        <div>
          <Link className="gaps-back" to="/app/knowledge">
            ← {t('answerBot.gaps.back')}
          </Link>
          <h1 id="gaps-title">{t('answerBot.gaps.title')}</h1>
          <p className="muted">{t('answerBot.gaps.intro')}</p>
        </div>
        <div className="kb-actions">
          {isAdmin ? (
            <Link className="button" to="/app/admin/answer-bot">
              <Icon name="settings" />
              {t('answerBot.gaps.settings')}
            </Link>
          ) : null}
        </div>
      </header>
      <div className="gaps-filters">
        <label>
          {t('answerBot.gaps.range')}
          <select
            value={days}
            onChange={(e) => setDays(Number(e.target.value) as (typeof ranges)[number])}
          >
            {ranges.map((value) => (
              <option key={value} value={value}>
                {t(rangeLabels[value])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('answerBot.gaps.language')}
          <select value={locale} onChange={(e) => setLocale(e.target.value)}>
            <option value="">{t('answerBot.gaps.allLanguages')}</option>
            <option value="zh-CN">中文 (zh-CN)</option>
            <option value="en">English (en)</option>
          </select>
        </label>
      </div>
      <GapList key={`${days}:${locale}`} days={days} locale={locale} />
    </section>
  );
}

/** The groups of one range and language, loaded once (the page remounts it on a change). */
function GapList({ days, locale }: { days: number; locale: string }) {
  const { t, format } = useI18n();
  const gaps = useLoad(
    async () =>
      (
        await api.get<{ items: KnowledgeGapGroup[] }>('/answer-bot/knowledge-gaps', {
          ...lastDays(days),
          ...(locale ? { locale } : {}),
        })
      ).items,
  );
  return !gaps.data ? (
    <LoadState error={gaps.error} onRetry={gaps.reload} />
  ) : gaps.data.length === 0 ? (
    <EmptyState text={t('answerBot.gaps.empty')} />
  ) : (
    <ol className="gaps-list">
      {gaps.data.map((gap, index) => (
        <li key={`${gap.question}-${index}`} className="gaps-item">
          <div className="gaps-item-head">
            <h2 data-user-content lang={gap.locale ?? undefined}>
              {gap.question}
            </h2>
            <Link className="button button-primary" to={writeArticleLink(gap)}>
              <Icon name="plus" />
              {t('answerBot.gaps.write')}
            </Link>
          </div>
          <p className="muted">
            <strong className="gaps-count">
              {t('answerBot.gaps.count', { count: format.number(gap.count) })}
            </strong>
            {' · '}
            {t('answerBot.gaps.lastAsked', { date: format.dateTime(gap.lastAskedAt) })}
            {gap.locale ? ` · ${gap.locale}` : ''}
          </p>
          {gap.examples.length > 0 && (
            <details open={index < 3}>
              <summary>{t('answerBot.gaps.examples')}</summary>
              <ul className="gaps-examples" lang={gap.locale ?? undefined}>
                {gap.examples.map((example) => (
                  <li key={example} data-user-content>
                    {example}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
