import { useEffect, useRef, useState } from 'react';
import type { KbArticle, KbCategory, KbVersion } from '@kefu/contracts';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { useLoad } from '../admin/useLoad.ts';
import { FormError, LoadState } from '../admin/ui.tsx';
import { useWorkspace } from '../app/workspace-context.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useToast } from '../ui/Toaster.tsx';
import {
  articleLocales,
  canEditKnowledge,
  categoryName,
  helpCenterHome,
  questionLines,
} from './knowledge-view.ts';
import { prefillOf } from './article-prefill.ts';
import { editorNodes } from './editor-html.ts';
import { useConversationDraft } from '../conversation/assist/useConversationDraft.ts';
import { RichTextEditor } from './RichTextEditor.tsx';

interface Draft {
  title: string;
  bodyHtml: string;
  questions: string;
}

type Audience = 'everyone' | 'vip';

const draftOf = (article: KbArticle | null, locale: string): Draft => {
  const translation = article?.translations.find((t) => t.locale === locale);
  return {
    title: translation?.draft.title ?? '',
    bodyHtml: translation?.draft.bodyHtml ?? '',
    questions: translation?.draft.questions.join('\n') ?? '',
  };
};

/**
 * One article: settings (category, visibility, audience), a language switcher, the title,
 * the rich-text body and example questions of the chosen language, save draft / publish /
 * unpublish, and the published versions with restore. Agents see it read-only.
 */
export function ArticleEditor({ articleId }: { articleId: string | null }) {
  const { t, locale: uiLocale, format } = useI18n();
  const { session } = useWorkspace();
  const toast = useToast();
  const editor = canEditKnowledge(session.role);
  const categories = useLoad(
    async () => (await api.get<{ items: KbCategory[] }>('/knowledge/categories')).items,
  );
  const [article, setArticle] = useState<KbArticle | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  // A new article may come prefilled from its link (the answer bot's knowledge gaps).
  const [prefill] = useState(() => (articleId ? null : prefillOf(window.location.search)));
  const [locale, setLocale] = useState<string>(prefill?.locale ?? uiLocale);
  const [draft, setDraft] = useState<Draft>(() => ({
    ...draftOf(null, uiLocale),
    title: prefill?.title ?? '',
    questions: prefill?.questions.join('\n') ?? '',
  }));
  const [categoryId, setCategoryId] = useState<string>('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const [audience, setAudience] = useState<Audience>('everyone');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [versions, setVersions] = useState<KbVersion[]>([]);
  const [deleting, setDeleting] = useState(false);

  const adopt = (next: KbArticle, nextLocale = locale) => {
    setArticle(next);
    setCategoryId(next.categoryId ?? '');
    setVisibility(next.visibility);
    setAudience(next.audienceTiers ? 'vip' : 'everyone');
    setDraft(draftOf(next, nextLocale));
  };

  useEffect(() => {
    if (!articleId) return;
    api.get<KbArticle>(`/knowledge/articles/${articleId}`).then((loaded) => {
      const first = loaded.translations.some((x) => x.locale === uiLocale)
        ? uiLocale
        : (loaded.translations[0]?.locale ?? uiLocale);
      setLocale(first);
      adopt(loaded, first);
    }, setLoadError);
    // Loaded once per article; the language switcher takes over from here.
  }, [articleId]);

  // "Create article" in a conversation: its question and the agent's answer, to edit.
  useConversationDraft(
    !articleId,
    (from) => {
      const fromLocale = articleLocales.find((l) => l === from.locale) ?? uiLocale;
      setLocale(fromLocale);
      setDraft({ title: from.title, bodyHtml: from.bodyHtml, questions: from.question });
      toast.info(t('assist.draftFrom'));
    },
    setError,
  );

  useEffect(() => {
    if (!article) return;
    api
      .get<{ items: KbVersion[] }>(`/knowledge/articles/${article.id}/versions`, { locale })
      .then((page) => setVersions(page.items), setError);
  }, [article, locale]);

  if (articleId && !article)
    return <LoadState error={loadError} onRetry={() => window.location.reload()} />;

  const translation = article?.translations.find((x) => x.locale === locale) ?? null;
  const settings = {
    categoryId: categoryId || null,
    visibility,
    audienceTiers: audience === 'vip' ? ['vip'] : null,
  };
  const body = {
    locale,
    title: draft.title,
    bodyHtml: draft.bodyHtml,
    questions: questionLines(draft.questions),
  };

  const act = async (work: () => Promise<KbArticle>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      adopt(next);
      toast.info(message);
      if (!articleId) navigate(`/app/knowledge/articles/${next.id}`, { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const save = (publish: boolean) =>
    act(
      async () => {
        if (!article)
          return api.post<KbArticle>('/knowledge/articles', { ...settings, ...body, publish });
        const changed =
          settings.categoryId !== article.categoryId ||
          settings.visibility !== article.visibility ||
          JSON.stringify(settings.audienceTiers) !== JSON.stringify(article.audienceTiers);
        if (changed) await api.patch(`/knowledge/articles/${article.id}`, settings);
        const saved = await api.put<KbArticle>(`/knowledge/articles/${article.id}/draft`, body);
        return publish
          ? api.post<KbArticle>(`/knowledge/articles/${article.id}/publish`, { locale })
          : saved;
      },
      publish ? t('knowledge.published') : t('knowledge.saved'),
    );

  const switchTo = (next: string) => {
    setLocale(next);
    setDraft(draftOf(article, next));
  };
  const status = translation?.status ?? 'draft';
  const publicUrl =
    translation?.published && article?.visibility === 'public' && !article.audienceTiers
      ? `${helpCenterHome(session.workspace.slug, locale)}articles/${article.id}`
      : null;

  return (
    <section className="kb-article" aria-labelledby="kb-article-title">
      <p>
        <Link to="/app/knowledge">← {t('knowledge.back')}</Link>
      </p>
      <header className="kb-header">
        <h1 id="kb-article-title" data-user-content>
          {draft.title || t('knowledge.untitled')}
        </h1>
        <p className={`badge kb-status-${status}`} role="status">
          {translation?.published
            ? t(`knowledge.statusLine.${status}`, { version: translation.published.version })
            : t('knowledge.statusLine.draft')}
        </p>
      </header>

      <div className="kb-settings">
        <label className="field">
          {t('knowledge.category')}
          <select
            value={categoryId}
            disabled={!editor}
            onChange={(e) => setCategoryId(e.target.value)}
          >
            <option value="">{t('knowledge.noCategory')}</option>
            {(categories.data ?? []).map((category) => (
              <option key={category.id} value={category.id}>
                {categoryName(category, uiLocale)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('knowledge.visibility')}
          <select
            value={visibility}
            disabled={!editor}
            onChange={(e) => setVisibility(e.target.value as 'public' | 'internal')}
          >
            <option value="public">{t('knowledge.visibility.public')}</option>
            <option value="internal">{t('knowledge.visibility.internal')}</option>
          </select>
        </label>
        <label className="field">
          {t('knowledge.audience')}
          <select
            value={audience}
            disabled={!editor}
            onChange={(e) => setAudience(e.target.value as Audience)}
          >
            <option value="everyone">{t('knowledge.audience.everyone')}</option>
            <option value="vip">{t('knowledge.audience.vip')}</option>
          </select>
        </label>
      </div>

      <div className="kb-languages" role="group" aria-label={t('knowledge.languages')}>
        {(article?.translations ?? []).map((x) => (
          <button
            key={x.locale}
            type="button"
            className={`button small ${x.locale === locale ? 'button-primary' : ''}`}
            aria-pressed={x.locale === locale}
            onClick={() => switchTo(x.locale)}
          >
            {x.locale} · {t(`knowledge.status.${x.status}`)}
          </button>
        ))}
        {editor ? (
          <label className="kb-add-language">
            <span>{t('knowledge.addLanguage')}</span>
            <select
              value=""
              onChange={(e) => {
                if (e.target.value) switchTo(e.target.value);
              }}
            >
              <option value="">—</option>
              {articleLocales
                .filter((l) => l !== locale && !article?.translations.some((x) => x.locale === l))
                .map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
            </select>
          </label>
        ) : null}
      </div>

      <label className="field">
        {t('knowledge.articleTitle')} ({locale})
        <input
          value={draft.title}
          readOnly={!editor}
          lang={locale}
          maxLength={300}
          onChange={(e) => setDraft({ ...draft, title: e.target.value })}
        />
      </label>
      <div className="field">
        <span id="kb-body-label">{t('knowledge.body')}</span>
        {editor ? (
          <RichTextEditor
            id="kb-body"
            labelledBy="kb-body-label"
            html={draft.bodyHtml}
            onChange={(bodyHtml) => setDraft((d) => ({ ...d, bodyHtml }))}
          />
        ) : (
          <ReadOnlyBody html={translation?.published?.bodyHtml ?? draft.bodyHtml} />
        )}
      </div>
      <label className="field">
        {t('knowledge.questions')}
        <span className="muted">{t('knowledge.questionsHint')}</span>
        <textarea
          rows={3}
          value={draft.questions}
          readOnly={!editor}
          lang={locale}
          onChange={(e) => setDraft({ ...draft, questions: e.target.value })}
        />
      </label>
      <FormError error={error} />
      {editor ? (
        <div className="kb-actions">
          <button type="button" className="button" disabled={busy} onClick={() => void save(false)}>
            {t('knowledge.saveDraft')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void save(true)}
          >
            {t('knowledge.publish')}
          </button>
          {article && translation?.published ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                void act(
                  () =>
                    api.post<KbArticle>(`/knowledge/articles/${article.id}/unpublish`, { locale }),
                  t('knowledge.unpublished'),
                )
              }
            >
              {t('knowledge.unpublish')}
            </button>
          ) : null}
          {article ? (
            <button type="button" className="button" onClick={() => setDeleting(true)}>
              {t('knowledge.deleteArticle')}
            </button>
          ) : null}
        </div>
      ) : null}
      {publicUrl ? (
        <p className="kb-public-link">
          <a href={publicUrl}>{t('knowledge.openPublic')}</a>
        </p>
      ) : null}

      {article ? (
        <section className="kb-history" aria-labelledby="kb-history-title">
          <h2 id="kb-history-title">{t('knowledge.history')}</h2>
          {versions.length === 0 ? (
            <p className="muted">{t('knowledge.noHistory')}</p>
          ) : (
            <ol>
              {versions.map((version) => (
                <li key={version.id}>
                  <span>
                    {t('knowledge.versionLine', {
                      version: version.version,
                      date: format.dateTime(version.publishedAt),
                    })}
                  </span>{' '}
                  <span className="muted" data-user-content>
                    {version.title}
                  </span>{' '}
                  {editor ? (
                    <button
                      type="button"
                      className="button small"
                      disabled={busy}
                      onClick={() =>
                        void act(
                          () =>
                            api.post<KbArticle>(
                              `/knowledge/articles/${article.id}/versions/${version.id}/restore`,
                            ),
                          t('knowledge.restored', { version: version.version }),
                        )
                      }
                    >
                      {t('knowledge.restore')}
                    </button>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
      {deleting && article ? (
        <ConfirmDialog
          title={t('knowledge.deleteArticleTitle')}
          confirmLabel={t('admin.delete')}
          danger
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete(`/knowledge/articles/${article.id}`);
            toast.info(t('admin.deleted'));
            navigate('/app/knowledge');
          }}
        >
          <p>{t('knowledge.deleteArticleBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/** An agent's view of the body: the same allow-listed nodes, not editable. */
function ReadOnlyBody({ html }: { html: string }) {
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => {
    area.current?.replaceChildren(...editorNodes(html));
  }, [html]);
  return <div ref={area} className="kb-editable kb-readonly" />;
}
