import { CreateConversationBody, Email } from '@kefu/contracts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { PublishedArticle } from '../../repositories/knowledge.repository.ts';
import type { AttachmentService } from '../attachments/attachment.service.ts';
import type { ConversationService } from '../conversations/conversation.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { SlidingWindowLimiter } from '../widget/rate-limiter.ts';
import type { ArticleIndexes } from './article-index.ts';

/** A workspace's public help center, as its pages need it. */
export interface HelpSite {
  workspaceId: string;
  name: string;
  slug: string;
  color: string;
  defaultLocale: string;
  /** Languages with at least one public article, the default first. */
  locales: string[];
}

export interface HelpCategory {
  id: string;
  name: string;
  description: string;
  articles: PublishedArticle[];
}

export interface ContactInput {
  name: string;
  email: string;
  subject: string;
  message: string;
  /** The honeypot: a field people never see; a bot that fills it is thanked and ignored. */
  website: string;
  /** Where the reader came from (an article or a search), added to the message for agents. */
  context: string;
}

const anonymous = { kind: 'anonymous' } as const;

/** Field errors of a form, keyed by field name, in the reader's terms (the page words them). */
export class FormError extends Error {
  constructor(readonly fields: Record<string, 'required' | 'invalid' | 'too_long'>) {
    super('form has errors');
  }
}

/**
 * What the public help center reads and writes: public articles open to everyone (never
 * internal or tier-restricted ones), search, "Was this helpful?" answers, and the contact form
 * that opens an email conversation. Forms are throttled per client address.
 */
export class HelpCenterService {
  private readonly contactLimiter: SlidingWindowLimiter;
  private readonly feedbackLimiter: SlidingWindowLimiter;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly indexes: ArticleIndexes,
    private readonly conversations: ConversationService,
    private readonly attachments: AttachmentService,
  ) {
    const now = () => deps.clock.now().getTime();
    this.contactLimiter = new SlidingWindowLimiter(5, 10 * 60_000, now);
    this.feedbackLimiter = new SlidingWindowLimiter(30, 10 * 60_000, now);
  }

  /**
   * The help center a URL names, or null: by the workspace's slug, or by its widget's public
   * key (`wk_…`, which sites embedding the widget already have; the pages redirect to the slug).
   */
  async site(address: string): Promise<HelpSite | null> {
    return this.deps.uow.read(async (repos) => {
      const workspace = await repos.knowledge.findHelpCenterWorkspace(
        address.startsWith('wk_') ? { widgetKey: address } : { slug: address },
      );
      if (!workspace) return null;
      const published = await repos.knowledge.published(workspace.id, { audience: anonymous });
      const locales = [...new Set(published.map((a) => a.locale))];
      locales.sort((a, b) =>
        a === workspace.default_locale ? -1 : b === workspace.default_locale ? 1 : 0,
      );
      return {
        workspaceId: workspace.id,
        name: workspace.name,
        slug: workspace.slug,
        color: workspace.color ?? '#2563eb',
        defaultLocale: workspace.default_locale,
        locales: locales.length ? locales : [workspace.default_locale],
      };
    });
  }

  /** Categories with their articles in this language, the most read articles first. */
  async home(site: HelpSite, locale: string) {
    return this.deps.uow.read(async (repos) => {
      const [categories, articles] = await Promise.all([
        repos.knowledge.listCategories(site.workspaceId),
        repos.knowledge.published(site.workspaceId, { audience: anonymous, locale }),
      ]);
      const sections: HelpCategory[] = categories
        .map((category) => ({
          id: category.id,
          ...categoryText(category.translations, locale, site.defaultLocale),
          articles: articles.filter((a) => a.category_id === category.id),
        }))
        .filter((section) => section.articles.length > 0);
      const popular = [...articles]
        .sort((a, b) => b.view_count - a.view_count || a.title.localeCompare(b.title))
        .slice(0, 6);
      return { categories: sections, popular };
    });
  }

  async category(site: HelpSite, locale: string, id: string): Promise<HelpCategory | null> {
    return this.deps.uow.read(async (repos) => {
      const category = await repos.knowledge.findCategory(site.workspaceId, id);
      if (!category) return null;
      const articles = await repos.knowledge.published(site.workspaceId, {
        audience: anonymous,
        locale,
        categoryId: id,
      });
      return {
        id,
        ...categoryText(category.translations, locale, site.defaultLocale),
        articles,
      };
    });
  }

  /**
   * A public article in one language with its other languages (hreflang), its category and
   * related articles; counts the view. Null when it is not public in that language.
   */
  async article(site: HelpSite, locale: string, id: string) {
    const found = await this.deps.uow.read(async (repos) => {
      const languages = await repos.knowledge.published(site.workspaceId, {
        audience: anonymous,
        articleIds: [id],
      });
      const article = languages.find((a) => a.locale === locale);
      if (!article) return null;
      const category = article.category_id
        ? await repos.knowledge.findCategory(site.workspaceId, article.category_id)
        : undefined;
      return {
        article,
        languages,
        category: category
          ? {
              id: category.id,
              ...categoryText(category.translations, locale, site.defaultLocale),
            }
          : null,
      };
    });
    if (!found) return null;
    await this.deps.uow.transaction(({ repos }) => repos.knowledge.countView(site.workspaceId, id));
    const query = [found.article.title, ...found.article.questions].join('\n');
    const related = (
      await this.indexes.search(site.workspaceId, query, { locale, audience: anonymous, limit: 6 })
    )
      .map((match) => match.article)
      .filter((a) => a.article_id !== id)
      .slice(0, 5);
    return { ...found, related };
  }

  search(site: HelpSite, locale: string, query: string) {
    return this.indexes.search(site.workspaceId, query, { locale, audience: anonymous, limit: 20 });
  }

  /** Every public article language and category, for the sitemap. */
  async sitemap(site: HelpSite) {
    return this.deps.uow.read(async (repos) => ({
      articles: await repos.knowledge.published(site.workspaceId, { audience: anonymous }),
      categories: await repos.knowledge.listCategories(site.workspaceId),
    }));
  }

  /** Records a "Was this helpful?" answer for a public article. */
  async feedback(
    site: HelpSite,
    input: { articleId: string; locale: string; helpful: boolean; reason: string },
    ip: string,
  ): Promise<void> {
    const wait = this.feedbackLimiter.take(`${site.workspaceId}|${ip}`);
    if (wait > 0) throw rateLimited(wait);
    if (input.reason.length > 1000) throw new FormError({ reason: 'too_long' });
    await this.deps.uow.transaction(async ({ repos }) => {
      const visible = await repos.knowledge.published(site.workspaceId, {
        audience: anonymous,
        locale: input.locale,
        articleIds: [input.articleId],
      });
      if (visible.length === 0) throw notFound('Article');
      await repos.knowledge.insertFeedback({
        id: this.deps.ids(),
        workspaceId: site.workspaceId,
        articleId: input.articleId,
        locale: input.locale,
        helpful: input.helpful,
        reason: input.reason.trim() || null,
        at: this.deps.clock.now(),
      });
    });
  }

  /**
   * Opens an email conversation from the contact form ("I did not find my answer"); agents
   * answer by mail. Returns the conversation, or null for a bot caught by the honeypot (which
   * is shown the same thank-you page).
   */
  async contact(
    site: HelpSite,
    input: ContactInput,
    ip: string,
  ): Promise<{ id: string; number: number } | null> {
    const problems: FormError['fields'] = {};
    const name = input.name.trim();
    const email = input.email.trim();
    const message = input.message.trim();
    const subject = input.subject.trim();
    if (name.length > 100) problems.name = 'too_long';
    if (!email) problems.email = 'required';
    else if (!Email.safeParse(email).success) problems.email = 'invalid';
    if (subject.length > 200) problems.subject = 'too_long';
    if (!message) problems.message = 'required';
    else if (message.length > 5000) problems.message = 'too_long';
    if (Object.keys(problems).length) throw new FormError(problems);
    const wait = this.contactLimiter.take(`${site.workspaceId}|${ip}`);
    if (wait > 0) throw rateLimited(wait);
    if (input.website.trim()) return null;
    const context = input.context.trim().slice(0, 500);
    const body = CreateConversationBody.parse({
      channel: 'email',
      subject: subject || message.split('\n')[0]!.slice(0, 120),
      customer: { identity: { kind: 'email', value: email }, ...(name ? { name } : {}) },
      message: { body: context ? `${message}\n\n— ${context}` : message },
      tags: ['help-center'],
    });
    const created = await this.deps.uow.transaction((scope) =>
      this.conversations.createIn(scope, site.workspaceId, null, body, {
        body: body.message.body ?? message,
        html: null,
      }),
    );
    return { id: created.conversation.id, number: created.conversation.number };
  }

  /** An image uploaded into an article, for the pages; 404 for anything else. */
  async file(site: HelpSite, id: string) {
    const known = await this.deps.uow.read((repos) =>
      repos.knowledge.findFile(site.workspaceId, id),
    );
    if (!known) throw notFound('File');
    return this.attachments.downloadFrom(site.workspaceId, id);
  }
}

function rateLimited(seconds: number) {
  return new AppError('rate_limited', 'Too many requests from this address; try again later', {
    details: { retryAfterSeconds: seconds },
  });
}

/** A category's name in this language, else the default language's, else any. */
function categoryText(
  translations: Record<string, { name: string; description: string }>,
  locale: string,
  fallback: string,
) {
  const text =
    translations[locale] ?? translations[fallback] ?? Object.values(translations)[0] ?? null;
  return { name: text?.name ?? '', description: text?.description ?? '' };
}
