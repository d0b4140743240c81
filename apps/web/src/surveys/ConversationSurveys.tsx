import { useCallback, useEffect, useState } from 'react';
import { useRealtimeEvent } from '../app/realtime-hooks.ts';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { type SurveyRequest, maxScore } from './types.ts';
import './surveys.css';

/**
 * The conversation's surveys in the details panel: sent or not, the score and its bucket, the
 * reasons and the customer's comment (as text), and whom the rating counts for. Reloads when a
 * survey is sent or answered (`conversation.updated` with `survey`).
 */
export function ConversationSurveys({ conversationId }: { conversationId: string }) {
  const { t, format, locale } = useI18n();
  const { agentName } = useWorkspace();
  const [items, setItems] = useState<SurveyRequest[]>([]);
  const load = useCallback(() => {
    api.get<{ items: SurveyRequest[] }>(`/conversations/${conversationId}/surveys`).then(
      (page) => setItems(page.items),
      () => undefined,
    );
  }, [conversationId]);
  useEffect(load, [load]);
  useRealtimeEvent((event) => {
    if (event.conversationId !== conversationId || event.type !== 'conversation.updated') return;
    const changes = (event.payload as { changes?: string[] }).changes ?? [];
    if (changes.includes('survey')) load();
  });
  if (items.length === 0) return null;
  return (
    <section className="panel-section conversation-surveys" aria-labelledby="surveys-title">
      <h3 id="surveys-title">{t('surveys.panel.title')}</h3>
      <ul>
        {items.map((item) => {
          const response = item.response;
          return (
            <li key={item.id} data-kind={item.kind}>
              <strong>{t(`surveys.kind.${item.kind}`)}</strong>{' '}
              {response ? (
                <>
                  <span>
                    {t('surveys.panel.score', {
                      score: response.score,
                      max: maxScore(item.kind, item.scale),
                    })}
                  </span>{' '}
                  <span className={`survey-rating survey-rating-${response.rating}`}>
                    {t(`surveys.rating.${response.rating}`)}
                  </span>
                  <span className="muted small"> · {format.dateTime(response.updatedAt)}</span>
                  {response.reasonLabels.length > 0 && (
                    <p className="small">
                      {t('surveys.panel.reasons', {
                        reasons: response.reasonLabels
                          .map((r) => (locale === 'zh-CN' ? r.zh : r.en))
                          .join(', '),
                      })}
                    </p>
                  )}
                  {response.comment && <p className="survey-comment">{response.comment}</p>}
                  {response.agentId && (
                    <p className="muted small">
                      {t('surveys.panel.ratedFor', { name: agentName(response.agentId) ?? '—' })}
                    </p>
                  )}
                </>
              ) : (
                <span className="muted">
                  {item.status === 'failed'
                    ? t('surveys.panel.failed')
                    : item.status === 'pending'
                      ? t('surveys.panel.pending')
                      : t('surveys.panel.waiting')}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
