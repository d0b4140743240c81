import { useMemo } from 'react';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Link } from '../lib/router.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { EmptyState, LoadState } from '../admin/ui.tsx';
import { type SurveyReport, type SurveyResponseItem, maxScore } from './types.ts';

/** Scores of the last 30 days and the latest responses (score, comment, agent, conversation). */
export function SurveyResponses() {
  const { t, format } = useI18n();
  const { agentName } = useWorkspace();
  const agent = (id: string | null) => agentName(id) ?? '—';
  // The last 30 days, up to a minute ahead (so an answer just given is in).
  const range = useMemo(() => {
    const to = new Date(Date.now() + 60_000);
    return { from: new Date(to.getTime() - 30 * 86_400_000).toISOString(), to: to.toISOString() };
  }, []);
  const query = `from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`;
  const loaded = useLoad(async () => ({
    report: await api.get<SurveyReport>(`/surveys/report?${query}`),
    page: await api.get<{ items: SurveyResponseItem[] }>(`/surveys/responses?${query}&limit=50`),
  }));
  const data = loaded.data;
  const dash = (value: number | null, suffix = '') =>
    value === null ? '—' : `${format.number(value)}${suffix}`;
  return (
    <section className="admin-card" aria-labelledby="survey-responses">
      <h3 id="survey-responses">{t('surveys.responses')}</h3>
      {!data ? (
        <LoadState error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <>
          <p className="survey-summary">
            <span>
              {t('surveys.summary.csat', { value: dash(data.report.overall.csat.percent, '%') })}
            </span>
            <span>{t('surveys.summary.nps', { value: dash(data.report.overall.nps.score) })}</span>
            <span>
              {t('surveys.summary.ces', {
                value: dash(data.report.overall.ces.mean),
                agree: dash(data.report.overall.ces.agreePercent, '%'),
              })}
            </span>
          </p>
          {data.page.items.length === 0 ? (
            <EmptyState text={t('surveys.responses.empty')} />
          ) : (
            <div className="admin-table-wrap">
              <table className="admin-table">
                <thead>
                  <tr>
                    <th scope="col">{t('surveys.col.when')}</th>
                    <th scope="col">{t('surveys.col.kind')}</th>
                    <th scope="col">{t('surveys.col.score')}</th>
                    <th scope="col">{t('surveys.col.comment')}</th>
                    <th scope="col">{t('surveys.col.agent')}</th>
                    <th scope="col">{t('surveys.col.conversation')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.page.items.map((item) => (
                    <tr key={item.requestId} data-rating={item.rating}>
                      <td>{format.dateTime(item.answeredAt)}</td>
                      <td>{t(`surveys.kind.${item.kind}`)}</td>
                      <td>
                        {t('surveys.panel.score', {
                          score: item.score,
                          max: maxScore(item.kind, item.scale),
                        })}{' '}
                        <span className={`survey-rating survey-rating-${item.rating}`}>
                          {t(`surveys.rating.${item.rating}`)}
                        </span>
                      </td>
                      <td className="survey-comment">{item.comment ?? ''}</td>
                      <td>{agent(item.agentId)}</td>
                      <td>
                        <Link to={`/app/inbox/all/${item.conversationId}`}>
                          #{item.conversationNumber}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
