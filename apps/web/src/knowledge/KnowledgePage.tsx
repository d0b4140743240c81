import { type FormEvent, useEffect, useState } from 'react';
import type { KbArticleSummary, KbCategory } from '@kefu/contracts';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { EmptyState, FormError, LoadState } from '../admin/ui.tsx';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Link } from '../lib/router.tsx';
import { Icon } from '../ui/Icon.tsx';
import { useToast } from '../ui/Toaster.tsx';
import { KnowledgeGapsPage } from '../answer-bot/KnowledgeGapsPage.tsx';
import { ArticleEditor } from './ArticleEditor.tsx';
import { canEditKnowledge, categoryName, helpCenterHome, titleIn } from './knowledge-view.ts';
import './knowledge.css';

/**
 * Knowledge / 知识库 (`/app/knowledge`): categories and articles. Every agent reads (internal
 * articles too); supervisors and above write, publish and restore.
 */
export function KnowledgePage({ subpath }: { subpath: string }) {
  const [, kind, id] = /^(articles)\/([\w-]+)$/.exec(subpath) ?? [];
  // `new` alone: the answer bot's knowledge-gap links (`/app/knowledge/new?title=…`).
  const articleId = subpath === 'new' ? 'new' : kind && id;
  useEffect(() => {
    document.getElementById('kb-top')?.scrollIntoView();
  }, [subpath]);
  return (
    <div className="kb-page" id="kb-top">
      {subpath === 'gaps' ? (
        <KnowledgeGapsPage />
      ) : articleId ? (
        <ArticleEditor key={articleId} articleId={articleId === 'new' ? null : articleId} />
      ) : (
        <ArticleList />
      )}
    </div>
  );
}

function ArticleList() {
  const { t, locale } = useI18n();
  const { session } = useWorkspace();
  const editor = canEditKnowledge(session.role);
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const categories = useLoad(
    async () => (await api.get<{ items: KbCategory[] }>('/knowledge/categories')).items,
  );
  const [articles, setArticles] = useState<KbArticleSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editingCategory, setEditingCategory] = useState<KbCategory | 'new' | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(() => {
      api
        .get<{ items: KbArticleSummary[] }>('/knowledge/articles', {
          categoryId,
          q: query.trim() || undefined,
        })
        .then(
          (page) => {
            if (current) setArticles(page.items);
          },
          (failure: unknown) => {
            if (current) setError(failure);
          },
        );
    }, 150);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [categoryId, query, version]);

  const categoryList = categories.data ?? [];
  return (
    <section aria-labelledby="kb-title">
      <header className="kb-header">
        <div>
          <h1 id="kb-title">{t('knowledge.title')}</h1>
          <p className="muted">{t('knowledge.description')}</p>
        </div>
        <div className="kb-actions">
          <a className="button" href={helpCenterHome(session.workspace.slug, locale)}>
            <Icon name="eye" />
            {t('knowledge.viewHelpCenter')}
          </a>
          {editor ? (
            <Link className="button" to="/app/knowledge/gaps">
              <Icon name="question" />
              {t('answerBot.gapsLink')}
            </Link>
          ) : null}
          {editor ? (
            <Link className="button button-primary" to="/app/knowledge/articles/new">
              <Icon name="plus" />
              {t('knowledge.newArticle')}
            </Link>
          ) : null}
        </div>
      </header>
      <div className="kb-columns">
        <nav className="kb-categories" aria-labelledby="kb-categories-title">
          <h2 id="kb-categories-title">{t('knowledge.categories')}</h2>
          {!categories.data ? (
            <LoadState error={categories.error} onRetry={categories.reload} />
          ) : (
            <ul>
              <li>
                <button
                  type="button"
                  className={`kb-category ${categoryId === null ? 'active' : ''}`}
                  aria-pressed={categoryId === null}
                  onClick={() => setCategoryId(null)}
                >
                  {t('knowledge.allArticles')}
                </button>
              </li>
              {categoryList.map((category) => (
                <li key={category.id}>
                  <button
                    type="button"
                    className={`kb-category ${categoryId === category.id ? 'active' : ''}`}
                    aria-pressed={categoryId === category.id}
                    onClick={() => setCategoryId(category.id)}
                  >
                    <span data-user-content>{categoryName(category, locale)}</span>
                    <span className="muted">{category.articleCount}</span>
                  </button>
                  {editor ? (
                    <button
                      type="button"
                      className="button-ghost kb-small"
                      onClick={() => setEditingCategory(category)}
                    >
                      {t('knowledge.editCategory')}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {editor ? (
            <button
              type="button"
              className="button small"
              onClick={() => setEditingCategory('new')}
            >
              <Icon name="plus" />
              {t('knowledge.newCategory')}
            </button>
          ) : null}
          {editingCategory ? (
            <CategoryForm
              category={editingCategory === 'new' ? null : editingCategory}
              onDone={() => {
                setEditingCategory(null);
                categories.reload();
                setVersion((v) => v + 1);
              }}
              onCancel={() => setEditingCategory(null)}
            />
          ) : null}
        </nav>
        <div className="kb-articles">
          <label className="field">
            {t('knowledge.filter')}
            <input
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder={t('knowledge.filterPlaceholder')}
            />
          </label>
          {!articles ? (
            <LoadState error={error} onRetry={() => setVersion((v) => v + 1)} />
          ) : articles.length === 0 ? (
            <EmptyState text={t('knowledge.empty')} />
          ) : (
            <table className="kb-table">
              <thead>
                <tr>
                  <th scope="col">{t('knowledge.column.title')}</th>
                  <th scope="col">{t('knowledge.column.languages')}</th>
                  <th scope="col">{t('knowledge.column.visibility')}</th>
                  <th scope="col">{t('knowledge.column.feedback')}</th>
                </tr>
              </thead>
              <tbody>
                {articles.map((article) => (
                  <tr key={article.id}>
                    <td>
                      <Link to={`/app/knowledge/articles/${article.id}`} data-user-content>
                        {titleIn(article.translations, locale)}
                      </Link>
                    </td>
                    <td>
                      {article.translations.map((tr) => (
                        <span key={tr.locale} className={`badge kb-status-${tr.status}`}>
                          {tr.locale} · {t(`knowledge.status.${tr.status}`)}
                        </span>
                      ))}
                    </td>
                    <td>
                      {article.visibility === 'internal'
                        ? t('knowledge.visibility.internal')
                        : article.audienceTiers
                          ? t('knowledge.audience.vip')
                          : t('knowledge.visibility.public')}
                    </td>
                    <td>
                      {t('knowledge.feedbackCounts', {
                        helpful: article.helpful,
                        notHelpful: article.notHelpful,
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}

function CategoryForm({
  category,
  onDone,
  onCancel,
}: {
  category: KbCategory | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const [zh, setZh] = useState(category?.translations['zh-CN']?.name ?? '');
  const [en, setEn] = useState(category?.translations.en?.name ?? '');
  const [error, setError] = useState<unknown>(null);
  const [deleting, setDeleting] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const translations: Record<string, { name: string; description: string }> = {};
    for (const [locale, name] of [
      ['zh-CN', zh],
      ['en', en],
    ] as const) {
      if (name.trim())
        translations[locale] = {
          name: name.trim(),
          description: category?.translations[locale]?.description ?? '',
        };
    }
    try {
      if (category) await api.patch(`/knowledge/categories/${category.id}`, { translations });
      else await api.post('/knowledge/categories', { translations });
      toast.info(t('admin.saved'));
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form className="kb-category-form" onSubmit={(event) => void submit(event)}>
      <label className="field">
        {t('knowledge.categoryName.zh')}
        <input value={zh} onChange={(event) => setZh(event.target.value)} lang="zh-CN" />
      </label>
      <label className="field">
        {t('knowledge.categoryName.en')}
        <input value={en} onChange={(event) => setEn(event.target.value)} lang="en" />
      </label>
      <FormError error={error} />
      <div className="kb-actions">
        <button type="submit" className="button button-primary small">
          {t('admin.save')}
        </button>
        <button type="button" className="button small" onClick={onCancel}>
          {t('dialog.cancel')}
        </button>
        {category ? (
          <button type="button" className="button small" onClick={() => setDeleting(true)}>
            {t('admin.delete')}
          </button>
        ) : null}
      </div>
      {deleting && category ? (
        <ConfirmDialog
          title={t('knowledge.deleteCategoryTitle')}
          confirmLabel={t('admin.delete')}
          danger
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete(`/knowledge/categories/${category.id}`);
            toast.info(t('admin.deleted'));
            onDone();
          }}
        >
          <p>{t('knowledge.deleteCategoryBody')}</p>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}
