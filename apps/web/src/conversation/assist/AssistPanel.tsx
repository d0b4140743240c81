import type { AssistArticle, AssistReply } from '@kefu/contracts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { renderCannedResponse } from '../../lib/contracts-runtime.ts';
import { Link } from '../../lib/router.tsx';
import type { Conversation, Customer } from '../../lib/types.ts';
import { Icon } from '../../ui/Icon.tsx';
import { Spinner } from '../../ui/Spinner.tsx';
import { articleInsertion } from './assist-insert.ts';
import { useAssist } from './useAssist.ts';
import './assist.css';

interface Props {
  conversation: Conversation;
  customer: Customer | null;
  latestCustomerMessageId: string | null;
  /** Whether to suggest at all: not when nobody can reply (closed or merged). */
  suggest: boolean;
  canCreateArticle: boolean;
  onInsert: (text: string) => void;
}

/**
 * Agent assist beside the thread: knowledge articles and replies (canned responses, answers
 * from similar solved conversations) for the customer's latest message, each inserted into
 * the reply with one click. Customer and article text is shown as plain text only.
 */
export function AssistPanel({
  conversation,
  customer,
  latestCustomerMessageId,
  suggest,
  canCreateArticle,
  onInsert,
}: Props) {
  const { t } = useI18n();
  const { session } = useWorkspace();
  const { data, loading, error, retry } = useAssist(
    conversation.id,
    latestCustomerMessageId,
    suggest,
  );

  const replyText = (reply: AssistReply) =>
    reply.source === 'canned'
      ? renderCannedResponse(reply.body, {
          'customer.name': customer?.name ?? conversation.customer.name,
          'customer.email': customer?.identities.find((i) => i.kind === 'email')?.value,
          'agent.name': session.user.name,
          'conversation.id': conversation.number,
        })
      : reply.body;

  const empty = data && data.articles.length === 0 && data.replies.length === 0;
  const createArticle = canCreateArticle ? (
    <Link
      className="assist-create small"
      to={`/app/knowledge/articles/new?from=${conversation.id}`}
      title={t('assist.createArticleHint')}
    >
      <Icon name="plus" size={12} />
      {t('assist.createArticle')}
    </Link>
  ) : null;
  if (!suggest)
    return createArticle ? <div className="panel-section assist">{createArticle}</div> : null;
  return (
    <section className="panel-section assist" aria-labelledby="assist-title" aria-busy={loading}>
      <div className="assist-title-row">
        <h3 className="panel-title" id="assist-title">
          {t('assist.title')}
        </h3>
        {createArticle}
      </div>
      {loading && !data ? <Spinner label={t('assist.loading')} /> : null}
      {error && !loading ? (
        <p className="muted small" role="alert">
          {t('assist.failed')}{' '}
          <button type="button" className="link-button" onClick={retry}>
            {t('assist.retry')}
          </button>
        </p>
      ) : null}
      {empty && !error ? (
        <p className="muted small">{data.query ? t('assist.empty') : t('assist.waiting')}</p>
      ) : null}
      {data && data.articles.length > 0 ? (
        <>
          <h4 className="assist-heading">{t('assist.articles')}</h4>
          <ul className="assist-list" lang={data.locale}>
            {data.articles.map((article) => (
              <ArticleItem
                key={`${article.articleId}|${article.locale}`}
                article={article}
                onInsert={() => onInsert(articleInsertion(article))}
              />
            ))}
          </ul>
        </>
      ) : null}
      {data && data.replies.length > 0 ? (
        <>
          <h4 className="assist-heading">{t('assist.replies')}</h4>
          <ul className="assist-list">
            {data.replies.map((reply) => (
              <li key={`${reply.source}|${reply.id}`} className="assist-item">
                <div className="assist-item-head">
                  <span className="assist-source badge">
                    {reply.source === 'canned'
                      ? t('assist.canned')
                      : t('assist.fromConversation', { number: reply.conversationNumber ?? '' })}
                  </span>
                  <span
                    className="assist-item-title truncate"
                    data-user-content
                    title={reply.title}
                  >
                    {reply.title}
                  </span>
                </div>
                <p className="assist-text" data-user-content>
                  {replyText(reply)}
                </p>
                <button
                  type="button"
                  className="button small"
                  aria-label={t('assist.insertReply', { title: reply.title })}
                  onClick={() => onInsert(replyText(reply))}
                >
                  {t('assist.insert')}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function ArticleItem({ article, onInsert }: { article: AssistArticle; onInsert: () => void }) {
  const { t } = useI18n();
  const internal = article.url === null;
  return (
    <li className="assist-item">
      <div className="assist-item-head">
        <Link
          to={`/app/knowledge/articles/${article.articleId}`}
          className="assist-item-title truncate"
          data-user-content
          title={t('assist.openArticle')}
        >
          {article.title}
        </Link>
        {internal ? (
          <span className="badge assist-internal" title={t('assist.internalHint')}>
            {t('assist.internal')}
          </span>
        ) : null}
      </div>
      <p className="assist-text" data-user-content>
        {article.passage}
      </p>
      <button
        type="button"
        className="button small"
        aria-label={t('assist.insertArticle', { title: article.title })}
        onClick={onInsert}
      >
        {t('assist.insert')}
      </button>
    </li>
  );
}
