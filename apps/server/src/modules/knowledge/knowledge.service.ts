import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type {
  CreateKbArticleBody,
  CreateKbCategoryBody,
  KbArticle,
  KbArticleListQuery,
  KbArticleSummary,
  KbCategory,
  KbFile,
  KbSearchHit,
  KbVersion,
  SaveKbDraftBody,
  UpdateKbArticleBody,
  UpdateKbCategoryBody,
} from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Repositories } from '../../repositories/index.ts';
import { recordChange } from '../admin/record-change.ts';
import type { AttachmentService } from '../attachments/attachment.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { type ArticleIndexes, type Audience } from './article-index.ts';
import { articleText, sanitizeArticleHtml } from './article-html.ts';
import { articlePath } from './help-center-urls.ts';
import {
  type FeedbackCount,
  presentArticle,
  presentArticleSummary,
  presentCategory,
  presentVersion,
} from './knowledge.presenter.ts';

/** Raster images an editor may put into an article (SVG can carry script). */
const imageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

/**
 * The knowledge base behind the agent workspace: categories, articles in several languages
 * with a draft and a published version each, the history of publications and restoring one,
 * article images. Any agent reads everything (internal articles too); supervisors and above
 * change it (the routes require it). Every change drops the workspace's search index.
 */
export class KnowledgeService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly indexes: ArticleIndexes,
    private readonly attachments: AttachmentService,
  ) {}

  async listCategories(actor: Actor): Promise<{ items: KbCategory[] }> {
    return this.deps.uow.read(async (repos) => {
      const [rows, articles] = await Promise.all([
        repos.knowledge.listCategories(actor.workspaceId),
        repos.knowledge.listArticles(actor.workspaceId, {}),
      ]);
      const counts = new Map<string, number>();
      for (const a of articles)
        if (a.category_id) counts.set(a.category_id, (counts.get(a.category_id) ?? 0) + 1);
      return { items: rows.map((row) => presentCategory(row, counts.get(row.id) ?? 0)) };
    });
  }

  async createCategory(
    actor: Actor,
    input: z.output<typeof CreateKbCategoryBody>,
  ): Promise<KbCategory> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.knowledge.insertCategory({
        id: this.deps.ids(),
        workspaceId: actor.workspaceId,
        translations: input.translations,
        at: this.deps.clock.now(),
      });
      await this.audit(repos, actor, 'kb_category.created', 'kb_category', row.id, {
        translations: input.translations,
      });
      return presentCategory(row, 0);
    });
  }

  async updateCategory(
    actor: Actor,
    id: string,
    input: z.output<typeof UpdateKbCategoryBody>,
  ): Promise<KbCategory> {
    const result = await this.deps.uow.transaction(async ({ repos }) => {
      const row = await repos.knowledge.updateCategory(actor.workspaceId, id, {
        ...input,
        at: this.deps.clock.now(),
      });
      if (!row) throw notFound('Category');
      const count = (await repos.knowledge.listArticles(actor.workspaceId, { categoryId: id }))
        .length;
      await this.audit(repos, actor, 'kb_category.updated', 'kb_category', id, input);
      return presentCategory(row, count);
    });
    this.indexes.invalidate(actor.workspaceId);
    return result;
  }

  /** Deletes a category; its articles stay, without a category. */
  async deleteCategory(actor: Actor, id: string): Promise<void> {
    await this.deps.uow.transaction(async ({ repos }) => {
      const deleted = await repos.knowledge.deleteCategory(actor.workspaceId, id);
      if (!deleted.numDeletedRows) throw notFound('Category');
      await this.audit(repos, actor, 'kb_category.deleted', 'kb_category', id, {});
    });
    this.indexes.invalidate(actor.workspaceId);
  }

  async listArticles(
    actor: Actor,
    query: z.output<typeof KbArticleListQuery>,
  ): Promise<{ items: KbArticleSummary[] }> {
    return this.deps.uow.read(async (repos) => {
      const ws = actor.workspaceId;
      const rows = await repos.knowledge.listArticles(ws, { categoryId: query.categoryId });
      const ids = rows.map((r) => r.id);
      const [translations, feedback] = await Promise.all([
        repos.knowledge.translationsOf(ws, ids),
        this.feedbackOf(repos, ws, ids),
      ]);
      const needle = query.q?.toLowerCase();
      const items = rows
        .map((row) =>
          presentArticleSummary(
            row,
            translations.filter((t) => t.article_id === row.id),
            feedback.get(row.id),
          ),
        )
        .filter(
          (item) =>
            !needle || item.translations.some((t) => t.title.toLowerCase().includes(needle)),
        );
      return { items };
    });
  }

  getArticle(actor: Actor, id: string): Promise<KbArticle> {
    return this.deps.uow.read((repos) => this.load(repos, actor.workspaceId, id));
  }

  async createArticle(
    actor: Actor,
    input: z.output<typeof CreateKbArticleBody>,
  ): Promise<KbArticle> {
    const result = await this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      await this.checkCategory(repos, ws, input.categoryId);
      const now = this.deps.clock.now();
      const row = await repos.knowledge.insertArticle({
        id: this.deps.ids(),
        workspaceId: ws,
        categoryId: input.categoryId,
        visibility: input.visibility,
        audienceTiers: input.audienceTiers,
        createdBy: userOf(actor),
        at: now,
      });
      await repos.knowledge.saveDraft(ws, row.id, input.locale, draftOf(input), userOf(actor), now);
      if (input.publish) await this.publishIn(repos, actor, row.id, input.locale);
      await this.audit(repos, actor, 'kb_article.created', 'kb_article', row.id, {
        locale: input.locale,
        title: input.title,
        published: input.publish,
      });
      return this.load(repos, ws, row.id);
    });
    if (input.publish) this.indexes.invalidate(actor.workspaceId);
    return result;
  }

  async updateArticle(
    actor: Actor,
    id: string,
    input: z.output<typeof UpdateKbArticleBody>,
  ): Promise<KbArticle> {
    const result = await this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      const row = await this.lockArticle(repos, ws, id);
      if (input.categoryId !== undefined) await this.checkCategory(repos, ws, input.categoryId);
      await repos.knowledge.updateArticle(ws, id, {
        ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
        ...(input.visibility ? { visibility: input.visibility } : {}),
        ...(input.audienceTiers !== undefined ? { audience_tiers: input.audienceTiers } : {}),
        updated_at: this.deps.clock.now(),
      });
      await this.audit(repos, actor, 'kb_article.updated', 'kb_article', id, {
        from: {
          categoryId: row.category_id,
          visibility: row.visibility,
          audienceTiers: row.audience_tiers,
        },
        to: input,
      });
      return this.load(repos, ws, id);
    });
    this.indexes.invalidate(actor.workspaceId);
    return result;
  }

  async deleteArticle(actor: Actor, id: string): Promise<void> {
    await this.deps.uow.transaction(async ({ repos }) => {
      await this.lockArticle(repos, actor.workspaceId, id);
      await repos.knowledge.deleteArticle(actor.workspaceId, id);
      await this.audit(repos, actor, 'kb_article.deleted', 'kb_article', id, {});
    });
    this.indexes.invalidate(actor.workspaceId);
  }

  /** Saves one language's draft; readers keep seeing the published version until publishing. */
  async saveDraft(
    actor: Actor,
    id: string,
    input: z.output<typeof SaveKbDraftBody>,
  ): Promise<KbArticle> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      await this.lockArticle(repos, ws, id);
      const now = this.deps.clock.now();
      await repos.knowledge.saveDraft(ws, id, input.locale, draftOf(input), userOf(actor), now);
      await repos.knowledge.touchArticle(ws, id, now);
      return this.load(repos, ws, id);
    });
  }

  /** Publishes one language's draft as its next version. */
  async publish(actor: Actor, id: string, locale: string): Promise<KbArticle> {
    const result = await this.deps.uow.transaction(async ({ repos }) => {
      await this.lockArticle(repos, actor.workspaceId, id);
      const version = await this.publishIn(repos, actor, id, locale);
      await this.audit(repos, actor, 'kb_article.published', 'kb_article', id, {
        locale,
        version,
      });
      return this.load(repos, actor.workspaceId, id);
    });
    this.indexes.invalidate(actor.workspaceId);
    return result;
  }

  async unpublish(actor: Actor, id: string, locale: string): Promise<KbArticle> {
    const result = await this.deps.uow.transaction(async ({ repos }) => {
      await this.lockArticle(repos, actor.workspaceId, id);
      const row = await repos.knowledge.unpublish(actor.workspaceId, id, locale);
      if (!row) throw notFound('Article language');
      await repos.knowledge.touchArticle(actor.workspaceId, id, this.deps.clock.now());
      await this.audit(repos, actor, 'kb_article.unpublished', 'kb_article', id, { locale });
      return this.load(repos, actor.workspaceId, id);
    });
    this.indexes.invalidate(actor.workspaceId);
    return result;
  }

  /** Removes one language (its draft and published version; the history stays). */
  async deleteTranslation(actor: Actor, id: string, locale: string): Promise<KbArticle> {
    const result = await this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      await this.lockArticle(repos, ws, id);
      const all = await repos.knowledge.translationsOf(ws, [id]);
      if (!all.some((t) => t.locale === locale)) throw notFound('Article language');
      if (all.length === 1)
        throw new AppError(
          'conflict',
          'locale: this is the article’s only language; delete the article instead',
          { field: 'locale' },
        );
      await repos.knowledge.deleteTranslation(ws, id, locale);
      await repos.knowledge.touchArticle(ws, id, this.deps.clock.now());
      await this.audit(repos, actor, 'kb_article.language_deleted', 'kb_article', id, { locale });
      return this.load(repos, ws, id);
    });
    this.indexes.invalidate(actor.workspaceId);
    return result;
  }

  async listVersions(
    actor: Actor,
    id: string,
    locale: string | undefined,
  ): Promise<{ items: KbVersion[] }> {
    return this.deps.uow.read(async (repos) => {
      if (!(await repos.knowledge.findArticle(actor.workspaceId, id))) throw notFound('Article');
      const rows = await repos.knowledge.listVersions(actor.workspaceId, id, locale);
      return { items: rows.map(presentVersion) };
    });
  }

  /** Copies an earlier published version into the draft of its language, to review and publish. */
  async restoreVersion(actor: Actor, id: string, versionId: string): Promise<KbArticle> {
    return this.deps.uow.transaction(async ({ repos }) => {
      const ws = actor.workspaceId;
      await this.lockArticle(repos, ws, id);
      const version = await repos.knowledge.findVersion(ws, id, versionId);
      if (!version) throw notFound('Version');
      const now = this.deps.clock.now();
      await repos.knowledge.saveDraft(
        ws,
        id,
        version.locale,
        {
          title: version.title,
          bodyHtml: version.body_html,
          bodyText: articleText(version.body_html),
          questions: version.questions,
        },
        userOf(actor),
        now,
      );
      await repos.knowledge.touchArticle(ws, id, now);
      await this.audit(repos, actor, 'kb_article.version_restored', 'kb_article', id, {
        locale: version.locale,
        version: version.version,
      });
      return this.load(repos, ws, id);
    });
  }

  async feedback(actor: Actor, id: string) {
    return this.deps.uow.read(async (repos) => {
      if (!(await repos.knowledge.findArticle(actor.workspaceId, id))) throw notFound('Article');
      const rows = await repos.knowledge.feedbackReasons(actor.workspaceId, id);
      return {
        items: rows.map((row) => ({
          id: row.id,
          locale: row.locale,
          helpful: row.helpful,
          reason: row.reason,
          createdAt: new Date(row.created_at).toISOString(),
        })),
      };
    });
  }

  /** Stores an image for articles; the help center serves it at the returned URL. */
  async uploadFile(
    actor: Actor,
    file: { filename: string; contentType: string; data: Readable },
  ): Promise<KbFile> {
    if (!imageTypes.has(file.contentType.toLowerCase())) {
      file.data.resume();
      throw new AppError(
        'unsupported_media_type',
        'file: articles take PNG, JPEG, GIF or WebP images',
        { field: 'file' },
      );
    }
    const attachment = await this.attachments.upload(actor, file);
    const slug = await this.deps.uow.transaction(async ({ repos }) => {
      await repos.knowledge.insertFile(actor.workspaceId, attachment.id, this.deps.clock.now());
      return (await repos.workspaces.findWorkspace(actor.workspaceId))?.slug ?? '';
    });
    return { id: attachment.id, url: `/help/${slug}/files/${attachment.id}` };
  }

  /**
   * Searches published articles of a workspace in one language (or all with `locale` null).
   * `includeInternal` is for agents and the answer bot's agent-facing suggestions; otherwise
   * only public articles open to everyone, or to `tier` when given.
   */
  async searchArticles(
    workspaceId: string,
    locale: string | null,
    query: string,
    options: { includeInternal: boolean; tier?: string; limit?: number },
  ): Promise<KbSearchHit[]> {
    const audience: Audience = options.includeInternal
      ? { kind: 'agents' }
      : options.tier
        ? { kind: 'tier', tier: options.tier }
        : { kind: 'anonymous' };
    const matches = await this.indexes.search(workspaceId, query, {
      locale: locale ?? undefined,
      audience,
      limit: options.limit ?? 5,
    });
    const slug = matches.length
      ? (await this.deps.uow.read((repos) => repos.workspaces.findWorkspace(workspaceId)))?.slug
      : undefined;
    return matches.map(({ article, score, confidence, passage }) => ({
      articleId: article.article_id,
      locale: article.locale,
      title: article.title,
      passage,
      score,
      confidence,
      visibility: article.visibility,
      url:
        slug && article.visibility === 'public' && article.audience_tiers === null
          ? articlePath(slug, article.locale, article.article_id, article.title)
          : null,
    }));
  }

  private async publishIn(repos: Repositories, actor: Actor, id: string, locale: string) {
    const draft = await repos.knowledge.findTranslation(actor.workspaceId, id, locale);
    if (!draft) throw notFound('Article language');
    const now = this.deps.clock.now();
    const row = await repos.knowledge.publish({
      workspaceId: actor.workspaceId,
      articleId: id,
      locale,
      versionId: this.deps.ids(),
      by: userOf(actor),
      at: now,
    });
    await repos.knowledge.touchArticle(actor.workspaceId, id, now);
    return row.published_version;
  }

  private async load(repos: Repositories, ws: string, id: string): Promise<KbArticle> {
    const row = await repos.knowledge.findArticle(ws, id);
    if (!row) throw notFound('Article');
    const [translations, feedback] = await Promise.all([
      repos.knowledge.translationsOf(ws, [id]),
      this.feedbackOf(repos, ws, [id]),
    ]);
    return presentArticle(row, translations, feedback.get(id));
  }

  private async lockArticle(repos: Repositories, ws: string, id: string) {
    const row = await repos.knowledge.findArticleForUpdate(ws, id);
    if (!row) throw notFound('Article');
    return row;
  }

  private async checkCategory(repos: Repositories, ws: string, categoryId: string | null) {
    if (categoryId && !(await repos.knowledge.findCategory(ws, categoryId)))
      throw new AppError('validation_failed', 'categoryId: no such category', {
        field: 'categoryId',
      });
  }

  private async feedbackOf(repos: Repositories, ws: string, ids: string[]) {
    const rows = await repos.knowledge.feedbackCounts(ws, ids);
    return new Map<string, FeedbackCount>(rows.map((r) => [r.article_id, r]));
  }

  private audit(
    repos: Repositories,
    actor: Actor,
    action: string,
    targetType: string,
    targetId: string,
    data: Record<string, unknown>,
  ) {
    return recordChange(repos, { ids: this.deps.ids, now: this.deps.clock.now() }, actor, {
      action,
      targetType,
      targetId,
      data,
    });
  }
}

function draftOf(input: { title: string; bodyHtml: string; questions: string[] }) {
  const bodyHtml = sanitizeArticleHtml(input.bodyHtml);
  return {
    title: input.title,
    bodyHtml,
    bodyText: articleText(bodyHtml),
    questions: [...new Set(input.questions)],
  };
}
