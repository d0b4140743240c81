import { sql } from 'kysely';
import type { KbCategoryText } from '../db/schema-knowledge.ts';
import { type Executor, json } from './executor.ts';

/** What an editor saves into an article's draft in one language. */
export interface KbDraft {
  title: string;
  bodyHtml: string;
  bodyText: string;
  questions: string[];
}

/** A published translation joined with its article, as readers and search see it. */
export interface PublishedArticle {
  article_id: string;
  locale: string;
  category_id: string | null;
  visibility: 'public' | 'internal';
  audience_tiers: string[] | null;
  view_count: number;
  title: string;
  body_html: string;
  body_text: string;
  questions: string[];
  published_at: Date;
}

/**
 * The knowledge base: categories, articles and their translations (draft and published),
 * published versions, article files and readers' feedback. Every statement is filtered by
 * workspace.
 */
export class KnowledgeRepository {
  constructor(private readonly db: Executor) {}

  /** The workspace a help-center address names: its slug, or its widget's public key. */
  findHelpCenterWorkspace(address: { slug: string } | { widgetKey: string }) {
    const query = this.db
      .selectFrom('workspaces')
      .leftJoin('widget_settings', 'widget_settings.workspace_id', 'workspaces.id')
      .select([
        'workspaces.id',
        'workspaces.name',
        'workspaces.slug',
        'workspaces.default_locale',
        'widget_settings.color',
      ]);
    return (
      'slug' in address
        ? query.where('workspaces.slug', '=', address.slug)
        : query.where('widget_settings.public_key', '=', address.widgetKey)
    ).executeTakeFirst();
  }

  // Categories

  listCategories(workspaceId: string) {
    return this.db
      .selectFrom('kb_categories')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('position')
      .orderBy('id')
      .execute();
  }

  findCategory(workspaceId: string, id: string) {
    return this.db
      .selectFrom('kb_categories')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async insertCategory(row: {
    id: string;
    workspaceId: string;
    translations: Record<string, KbCategoryText>;
    at: Date;
  }) {
    return this.db
      .insertInto('kb_categories')
      .values((eb) => ({
        id: row.id,
        workspace_id: row.workspaceId,
        position: eb
          .selectFrom('kb_categories')
          .select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
          .where('workspace_id', '=', row.workspaceId),
        translations: json(row.translations),
        created_at: row.at,
        updated_at: row.at,
      }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  updateCategory(
    workspaceId: string,
    id: string,
    patch: { translations?: Record<string, KbCategoryText>; position?: number; at: Date },
  ) {
    return this.db
      .updateTable('kb_categories')
      .set({
        ...(patch.translations ? { translations: json(patch.translations) } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        updated_at: patch.at,
      })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  deleteCategory(workspaceId: string, id: string) {
    return this.db
      .deleteFrom('kb_categories')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  // Articles

  insertArticle(row: {
    id: string;
    workspaceId: string;
    categoryId: string | null;
    visibility: 'public' | 'internal';
    audienceTiers: string[] | null;
    createdBy: string | null;
    at: Date;
  }) {
    return this.db
      .insertInto('kb_articles')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        category_id: row.categoryId,
        visibility: row.visibility,
        audience_tiers: row.audienceTiers,
        created_by: row.createdBy,
        created_at: row.at,
        updated_at: row.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findArticle(workspaceId: string, id: string) {
    return this.db
      .selectFrom('kb_articles')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Locks the article so two editors' saves and publications apply one after the other. */
  findArticleForUpdate(workspaceId: string, id: string) {
    return this.db
      .selectFrom('kb_articles')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  updateArticle(
    workspaceId: string,
    id: string,
    patch: {
      category_id?: string | null;
      visibility?: 'public' | 'internal';
      audience_tiers?: string[] | null;
      updated_at: Date;
    },
  ) {
    return this.db
      .updateTable('kb_articles')
      .set(patch)
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  deleteArticle(workspaceId: string, id: string) {
    return this.db
      .deleteFrom('kb_articles')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Articles, newest change first; with `categoryId`, only that category's. */
  listArticles(workspaceId: string, filter: { categoryId?: string | undefined }) {
    let query = this.db
      .selectFrom('kb_articles')
      .selectAll()
      .where('workspace_id', '=', workspaceId);
    if (filter.categoryId) query = query.where('category_id', '=', filter.categoryId);
    return query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(1000).execute();
  }

  translationsOf(workspaceId: string, articleIds: string[]) {
    if (articleIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('kb_article_translations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('article_id', 'in', articleIds)
      .orderBy('article_id')
      .orderBy('locale')
      .execute();
  }

  findTranslation(workspaceId: string, articleId: string, locale: string) {
    return this.db
      .selectFrom('kb_article_translations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('article_id', '=', articleId)
      .where('locale', '=', locale)
      .executeTakeFirst();
  }

  /** Writes the draft of one language, creating the translation when it is new. */
  saveDraft(
    workspaceId: string,
    articleId: string,
    locale: string,
    draft: KbDraft,
    by: string | null,
    at: Date,
  ) {
    const values = {
      draft_title: draft.title,
      draft_body_html: draft.bodyHtml,
      draft_body_text: draft.bodyText,
      draft_questions: draft.questions,
      draft_updated_at: at,
      draft_updated_by: by,
    };
    return this.db
      .insertInto('kb_article_translations')
      .values({ article_id: articleId, locale, workspace_id: workspaceId, ...values })
      .onConflict((oc) =>
        oc
          .columns(['article_id', 'locale'])
          .doUpdateSet(values)
          .where('kb_article_translations.workspace_id', '=', workspaceId),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Publishes the draft as the next version and records it in the history. */
  async publish(input: {
    workspaceId: string;
    articleId: string;
    locale: string;
    versionId: string;
    by: string | null;
    at: Date;
  }) {
    const row = await this.db
      .updateTable('kb_article_translations')
      .set((eb) => ({
        title: eb.ref('draft_title'),
        body_html: eb.ref('draft_body_html'),
        body_text: eb.ref('draft_body_text'),
        questions: eb.ref('draft_questions'),
        published_version: sql<number>`published_version + 1`,
        published_at: input.at,
        published_by: input.by,
      }))
      .where('workspace_id', '=', input.workspaceId)
      .where('article_id', '=', input.articleId)
      .where('locale', '=', input.locale)
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('kb_article_versions')
      .values({
        id: input.versionId,
        workspace_id: input.workspaceId,
        article_id: input.articleId,
        locale: input.locale,
        version: row.published_version,
        title: row.title!,
        body_html: row.body_html!,
        questions: row.questions ?? [],
        published_by: input.by,
        published_at: input.at,
      })
      .execute();
    return row;
  }

  /** Takes a language off the help center; its draft and history stay. */
  unpublish(workspaceId: string, articleId: string, locale: string) {
    return this.db
      .updateTable('kb_article_translations')
      .set({ title: null, body_html: null, body_text: null, questions: null, published_at: null })
      .where('workspace_id', '=', workspaceId)
      .where('article_id', '=', articleId)
      .where('locale', '=', locale)
      .returningAll()
      .executeTakeFirst();
  }

  deleteTranslation(workspaceId: string, articleId: string, locale: string) {
    return this.db
      .deleteFrom('kb_article_translations')
      .where('workspace_id', '=', workspaceId)
      .where('article_id', '=', articleId)
      .where('locale', '=', locale)
      .executeTakeFirst();
  }

  touchArticle(workspaceId: string, id: string, at: Date) {
    return this.db
      .updateTable('kb_articles')
      .set({ updated_at: at })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
  }

  listVersions(workspaceId: string, articleId: string, locale?: string) {
    let query = this.db
      .selectFrom('kb_article_versions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('article_id', '=', articleId);
    if (locale) query = query.where('locale', '=', locale);
    return query.orderBy('locale').orderBy('version', 'desc').execute();
  }

  findVersion(workspaceId: string, articleId: string, versionId: string) {
    return this.db
      .selectFrom('kb_article_versions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('article_id', '=', articleId)
      .where('id', '=', versionId)
      .executeTakeFirst();
  }

  // Reading

  /**
   * Published translations with their article. `audience`: `anonymous` keeps public articles
   * for everyone (the help center), `tier` adds those open to that customer tier, `agents`
   * returns every published one, internal ones too.
   */
  published(
    workspaceId: string,
    filter: {
      audience: { kind: 'anonymous' } | { kind: 'tier'; tier: string } | { kind: 'agents' };
      locale?: string;
      articleIds?: string[];
      categoryId?: string;
    },
  ): Promise<PublishedArticle[]> {
    let query = this.db
      .selectFrom('kb_article_translations as t')
      .innerJoin('kb_articles as a', 'a.id', 't.article_id')
      .select([
        't.article_id',
        't.locale',
        'a.category_id',
        'a.visibility',
        'a.audience_tiers',
        'a.view_count',
        sql<string>`t.title`.as('title'),
        sql<string>`t.body_html`.as('body_html'),
        sql<string>`t.body_text`.as('body_text'),
        sql<string[]>`coalesce(t.questions, '{}')`.as('questions'),
        sql<Date>`t.published_at`.as('published_at'),
      ])
      .where('t.workspace_id', '=', workspaceId)
      .where('a.workspace_id', '=', workspaceId)
      .where('t.published_at', 'is not', null);
    const { audience } = filter;
    if (audience.kind !== 'agents') {
      query = query.where('a.visibility', '=', 'public');
      query =
        audience.kind === 'tier'
          ? query.where((eb) =>
              eb.or([
                eb('a.audience_tiers', 'is', null),
                sql<boolean>`${audience.tier} = any(a.audience_tiers)`,
              ]),
            )
          : query.where('a.audience_tiers', 'is', null);
    }
    if (filter.locale) query = query.where('t.locale', '=', filter.locale);
    if (filter.articleIds) {
      if (filter.articleIds.length === 0) return Promise.resolve([]);
      query = query.where('t.article_id', 'in', filter.articleIds);
    }
    if (filter.categoryId) query = query.where('a.category_id', '=', filter.categoryId);
    return query.orderBy('a.position').orderBy('t.published_at', 'desc').limit(5000).execute();
  }

  countView(workspaceId: string, articleId: string) {
    return this.db
      .updateTable('kb_articles')
      .set({ view_count: sql<number>`view_count + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', articleId)
      .execute();
  }

  insertFeedback(row: {
    id: string;
    workspaceId: string;
    articleId: string;
    locale: string;
    helpful: boolean;
    reason: string | null;
    at: Date;
  }) {
    return this.db
      .insertInto('kb_feedback')
      .values({
        id: row.id,
        workspace_id: row.workspaceId,
        article_id: row.articleId,
        locale: row.locale,
        helpful: row.helpful,
        reason: row.reason,
        created_at: row.at,
      })
      .execute();
  }

  /** Helpful and not-helpful answers per article. */
  feedbackCounts(workspaceId: string, articleIds: string[]) {
    if (articleIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('kb_feedback')
      .select([
        'article_id',
        sql<number>`count(*) filter (where helpful)::int`.as('helpful'),
        sql<number>`count(*) filter (where not helpful)::int`.as('not_helpful'),
      ])
      .where('workspace_id', '=', workspaceId)
      .where('article_id', 'in', articleIds)
      .groupBy('article_id')
      .execute();
  }

  /** The latest feedback with a reason, for editors. */
  feedbackReasons(workspaceId: string, articleId: string) {
    return this.db
      .selectFrom('kb_feedback')
      .select(['id', 'locale', 'helpful', 'reason', 'created_at'])
      .where('workspace_id', '=', workspaceId)
      .where('article_id', '=', articleId)
      .where('reason', 'is not', null)
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute();
  }

  // Files

  insertFile(workspaceId: string, attachmentId: string, at: Date) {
    return this.db
      .insertInto('kb_files')
      .values({ attachment_id: attachmentId, workspace_id: workspaceId, created_at: at })
      .execute();
  }

  /** An article file of the workspace (the help center serves only these). */
  findFile(workspaceId: string, attachmentId: string) {
    return this.db
      .selectFrom('kb_files')
      .select(['attachment_id'])
      .where('workspace_id', '=', workspaceId)
      .where('attachment_id', '=', attachmentId)
      .executeTakeFirst();
  }
}
