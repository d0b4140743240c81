import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KbLocale } from '@kefu/contracts';
import { pageSecurityHeaders } from '../../http/security-headers.ts';
import { AppError } from '../../lib/errors.ts';
import type { Services } from '../../services.ts';
import { contentDisposition } from '../attachments/attachments.routes.ts';
import { type Html, layout, markup } from './help-center-layout.ts';
import { fill, helpText } from './help-center-text.ts';
import { articlePath, categoryPath, helpRoot, homePath, searchPath } from './help-center-urls.ts';
import { FormError, type HelpSite } from './help-center.service.ts';
import {
  articleView,
  categoryView,
  contactSentView,
  contactView,
  feedbackThanksView,
  homeView,
  notFoundView,
  searchView,
  sitemapXml,
} from './help-center.views.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const formLimit = 20 * 1024;

type Params = Record<string, string>;
type Form = Record<string, string>;

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * The public help center, rendered on the server (readable without JavaScript):
 *
 * ```
 * /help/<slug>                          → the reader's language (Accept-Language) or the default
 * /help/<slug>/sitemap.xml              every public article language, with hreflang alternates
 * /help/<slug>/files/<id>               images uploaded into articles
 * /help/<slug>/<locale>/                categories and popular articles
 * /help/<slug>/<locale>/categories/<id>
 * /help/<slug>/<locale>/articles/<id>-<title>   (POST …/<id>/feedback: "Was this helpful?")
 * /help/<slug>/<locale>/search?q=
 * /help/<slug>/<locale>/contact         the contact form (POST opens an email conversation)
 * ```
 *
 * Forms are plain HTML posts (urlencoded, parsed only in this scope); answers are pages, with
 * 4xx statuses for bad input.
 */
export async function registerHelpCenter(app: FastifyInstance, services: Services) {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: formLimit },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    registerRoutes(scope, services);
  });
}

function registerRoutes(app: FastifyInstance, services: Services) {
  const help = services.helpCenter;

  /** Sends a page with the help center's headers. */
  const page = (
    reply: FastifyReply,
    status: number,
    site: HelpSite,
    request: FastifyRequest,
    options: {
      locale: string;
      title: string;
      body: Html;
      canonicalPath: string;
      alternates?: { locale: string; path: string }[];
      description?: string;
      query?: string;
      noindex?: boolean;
    },
  ) => {
    pageSecurityHeaders(reply, 'help-center');
    return reply
      .status(status)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(
        layout({
          site,
          origin: originOf(request),
          alternates: [],
          ...options,
        }),
      );
  };

  const notFound = (
    reply: FastifyReply,
    request: FastifyRequest,
    site: HelpSite | null,
    locale: string,
  ) => {
    const t = helpText(locale);
    if (!site) {
      pageSecurityHeaders(reply, 'help-center');
      return reply
        .status(404)
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${t.notFoundTitle}</title></head><body><main><h1>${t.notFoundTitle}</h1><p>${t.notFoundBody}</p></main></body></html>`,
        );
    }
    return page(reply, 404, site, request, {
      locale: site.locales.includes(locale) ? locale : site.locales[0]!,
      title: t.notFoundTitle,
      body: notFoundView(t, homePath(site.slug, site.locales[0]!)),
      canonicalPath: request.url,
      noindex: true,
    });
  };

  /**
   * The site and the page's language, or null after answering (404, or a redirect from a
   * widget-key address to the slug one).
   */
  const resolve = async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as Params;
    const site = await help.site(params.ws ?? '');
    const locale = params.locale ?? '';
    if (!site || !KbLocale.safeParse(locale).success || !site.locales.includes(locale)) {
      await notFound(reply, request, site, locale);
      return null;
    }
    if (params.ws !== site.slug && request.method === 'GET') {
      const rest = request.url.slice(helpRoot(params.ws ?? '').length);
      await reply.redirect(`${helpRoot(site.slug)}${rest}`, 301);
      return null;
    }
    return { site, locale, t: helpText(locale) };
  };

  const alternatesFor = (site: HelpSite, path: (locale: string) => string) =>
    site.locales.map((locale) => ({ locale, path: path(locale) }));

  app.get('/help/:ws', async (request, reply) => {
    const site = await help.site((request.params as Params).ws ?? '');
    if (!site) return notFound(reply, request, null, 'en');
    const wanted = (request.headers['accept-language'] ?? '')
      .split(',')
      .map((part) => part.split(';')[0]!.trim());
    const locale =
      wanted
        .map((w) => site.locales.find((l) => l === w || l.split('-')[0] === w.split('-')[0]))
        .find(Boolean) ?? site.locales[0]!;
    return reply.header('vary', 'accept-language').redirect(homePath(site.slug, locale), 302);
  });

  app.get('/help/:ws/sitemap.xml', async (request, reply) => {
    const site = await help.site((request.params as Params).ws ?? '');
    if (!site) return notFound(reply, request, null, 'en');
    const data = await help.sitemap(site);
    return reply
      .type('application/xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(
        sitemapXml(
          originOf(request),
          site,
          data.articles,
          data.categories.map((c) => c.id),
        ),
      );
  });

  app.get('/help/:ws/files/:id', async (request, reply) => {
    const params = request.params as Params;
    const site = await help.site(params.ws ?? '');
    if (!site || !uuid.test(params.id ?? '')) return notFound(reply, request, site, 'en');
    try {
      const file = await help.file(site, params.id!);
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(file.disposition, file.filename))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'public, max-age=86400')
        .send(file.data);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found')
        return notFound(reply, request, site, 'en');
      throw error;
    }
  });

  app.get('/help/:ws/:locale', async (request, reply) => {
    const params = request.params as Params;
    return reply.redirect(`${helpRoot(params.ws ?? '')}/${params.locale ?? ''}/`, 301);
  });

  app.get('/help/:ws/:locale/', async (request, reply) => {
    const found = await resolve(request, reply);
    if (!found) return reply;
    const { site, locale, t } = found;
    const data = await help.home(site, locale);
    return page(reply, 200, site, request, {
      locale,
      title: t.helpCenter,
      description: `${site.name} ${t.helpCenter}`,
      body: homeView(t, site, locale, data),
      canonicalPath: homePath(site.slug, locale),
      alternates: alternatesFor(site, (l) => homePath(site.slug, l)),
    });
  });

  app.get('/help/:ws/:locale/categories/:id', async (request, reply) => {
    const found = await resolve(request, reply);
    if (!found) return reply;
    const { site, locale, t } = found;
    const id = (request.params as Params).id ?? '';
    const category = uuid.test(id) ? await help.category(site, locale, id) : null;
    if (!category) return notFound(reply, request, site, locale);
    return page(reply, 200, site, request, {
      locale,
      title: category.name,
      description: category.description || category.name,
      body: categoryView(t, site, locale, category),
      canonicalPath: categoryPath(site.slug, locale, id),
      alternates: alternatesFor(site, (l) => categoryPath(site.slug, l, id)),
    });
  });

  app.get('/help/:ws/:locale/articles/:idSlug', async (request, reply) => {
    const found = await resolve(request, reply);
    if (!found) return reply;
    const { site, locale, t } = found;
    const idSlug = (request.params as Params).idSlug ?? '';
    const id = idSlug.slice(0, 36);
    const data = uuid.test(id) ? await help.article(site, locale, id) : null;
    if (!data) return notFound(reply, request, site, locale);
    const canonical = articlePath(site.slug, locale, id, data.article.title);
    // The id decides; any other spelling of the URL goes to the canonical one.
    if (request.url.split('?')[0] !== canonical) return reply.redirect(canonical, 301);
    return page(reply, 200, site, request, {
      locale,
      title: data.article.title,
      description: data.article.body_text.slice(0, 160),
      body: articleView(t, site, locale, data),
      canonicalPath: canonical,
      alternates: data.languages.map((a) => ({
        locale: a.locale,
        path: articlePath(site.slug, a.locale, id, a.title),
      })),
    });
  });

  app.post('/help/:ws/:locale/articles/:id/feedback', async (request, reply) => {
    const found = await resolve(request, reply);
    if (!found) return reply;
    const { site, locale, t } = found;
    const id = (request.params as Params).id ?? '';
    const form = (request.body ?? {}) as Form;
    const helpful = text(form.helpful);
    if (!uuid.test(id)) return notFound(reply, request, site, locale);
    if (helpful !== 'yes' && helpful !== 'no') {
      return formProblem(reply, request, site, locale, t.helpfulQuestion);
    }
    try {
      await help.feedback(
        site,
        { articleId: id, locale, helpful: helpful === 'yes', reason: text(form.reason) },
        request.ip,
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found')
        return notFound(reply, request, site, locale);
      if (error instanceof AppError && error.code === 'rate_limited')
        return rateLimitedPage(reply, request, site, locale, error);
      if (error instanceof FormError)
        return formProblem(reply, request, site, locale, t.fieldTooLong);
      throw error;
    }
    return reply.redirect(
      `${helpRoot(site.slug)}/${locale}/articles/${id}/feedback/thanks?helpful=${helpful}`,
      303,
    );
  });

  app.get('/help/:ws/:locale/articles/:id/feedback/thanks', async (request, reply) => {
    const found = await resolve(request, reply);
    if (!found) return reply;
    const { site, locale, t } = found;
    const id = (request.params as Params).id ?? '';
    const data = uuid.test(id) ? await help.article(site, locale, id) : null;
    if (!data) return notFound(reply, request, site, locale);
    const helpful = text((request.query as Record<string, unknown>).helpful) !== 'no';
    return page(reply, 200, site, request, {
      locale,
      title: helpful ? t.feedbackThanks : t.feedbackThanksNo,
      body: feedbackThanksView(t, site, locale, data.article, helpful),
      canonicalPath: articlePath(site.slug, locale, id, data.article.title),
      noindex: true,
    });
  });

  app.get('/help/:ws/:locale/search', async (request, reply) => {
    const found = await resolve(request, reply);
    if (!found) return reply;
    const { site, locale, t } = found;
    const query = text((request.query as Record<string, unknown>).q)
      .trim()
      .slice(0, 200);
    const hits = query ? await help.search(site, locale, query) : [];
    return page(reply, 200, site, request, {
      locale,
      title: query ? `${t.searchButton}: ${query}` : t.searchButton,
      body: searchView(t, site, locale, query, hits),
      canonicalPath: searchPath(site.slug, locale, query),
      query,
      noindex: true,
    });
  });

  app.get('/help/:ws/:locale/contact', async (request, reply) => {
    const found = await resolve(request, reply);
    if (!found) return reply;
    const { site, locale, t } = found;
    const from = text((request.query as Record<string, unknown>).from).slice(0, 300);
    return page(reply, 200, site, request, {
      locale,
      title: t.contactTitle,
      body: contactView(t, site, locale, { context: from }, null),
      canonicalPath: `${helpRoot(site.slug)}/${locale}/contact`,
      alternates: alternatesFor(site, (l) => `${helpRoot(site.slug)}/${l}/contact`),
      noindex: true,
    });
  });

  app.post('/help/:ws/:locale/contact', async (request, reply) => {
    const found = await resolve(request, reply);
    if (!found) return reply;
    const { site, locale, t } = found;
    const form = (request.body ?? {}) as Form;
    const values = Object.fromEntries(
      ['name', 'email', 'subject', 'message', 'website', 'context'].map((k) => [k, text(form[k])]),
    ) as Record<'name' | 'email' | 'subject' | 'message' | 'website' | 'context', string>;
    const show = (status: number, errors: Parameters<typeof contactView>[4]) =>
      page(reply, status, site, request, {
        locale,
        title: t.contactTitle,
        body: contactView(t, site, locale, values, errors),
        canonicalPath: `${helpRoot(site.slug)}/${locale}/contact`,
        noindex: true,
      });
    let created: { id: string; number: number } | null;
    try {
      created = await help.contact(
        site,
        { ...values, context: contextText(t, site, locale, values.context, originOf(request)) },
        request.ip,
      );
    } catch (error) {
      if (error instanceof FormError) return show(400, error.fields);
      if (error instanceof AppError && error.code === 'rate_limited') {
        reply.header('retry-after', retryAfter(error));
        return show(429, 'rate_limited');
      }
      throw error;
    }
    if (created) {
      await services.routing
        .routeNewConversation(site.workspaceId, created.id)
        .catch((error: unknown) =>
          request.log.error({ err: error }, 'routing a help-center request failed'),
        );
    }
    return reply.redirect(
      `${helpRoot(site.slug)}/${locale}/contact/sent?ref=${created?.number ?? 0}`,
      303,
    );
  });

  app.get('/help/:ws/:locale/contact/sent', async (request, reply) => {
    const found = await resolve(request, reply);
    if (!found) return reply;
    const { site, locale, t } = found;
    const ref = Number.parseInt(text((request.query as Record<string, unknown>).ref), 10);
    return page(reply, 200, site, request, {
      locale,
      title: t.contactThanks,
      body: contactSentView(t, site, locale, Number.isFinite(ref) ? ref : 0),
      canonicalPath: `${helpRoot(site.slug)}/${locale}/contact/sent`,
      noindex: true,
    });
  });

  const formProblem = (
    reply: FastifyReply,
    request: FastifyRequest,
    site: HelpSite,
    locale: string,
    message: string,
  ) => {
    const t = helpText(locale);
    return page(reply, 400, site, request, {
      locale,
      title: t.formErrors,
      body: markup`<h1>${t.formErrors}</h1>
        <p>${message}</p>`,
      canonicalPath: homePath(site.slug, locale),
      noindex: true,
    });
  };

  const rateLimitedPage = (
    reply: FastifyReply,
    request: FastifyRequest,
    site: HelpSite,
    locale: string,
    error: AppError,
  ) => {
    const t = helpText(locale);
    reply.header('retry-after', retryAfter(error));
    return page(reply, 429, site, request, {
      locale,
      title: t.rateLimited,
      body: markup`<h1>${t.rateLimited}</h1>`,
      canonicalPath: homePath(site.slug, locale),
      noindex: true,
    });
  };
}

/** Seconds a throttled reader should wait, for Retry-After. */
const retryAfter = (error: AppError) => {
  const seconds = error.options.details?.retryAfterSeconds;
  return String(typeof seconds === 'number' ? seconds : 600);
};

/** The line added to a contact message: the article or search the reader came from. */
function contextText(
  t: ReturnType<typeof helpText>,
  site: HelpSite,
  locale: string,
  context: string,
  origin: string,
): string {
  const [kind, ...rest] = context.split(':');
  const value = rest.join(':');
  if (kind === 'article' && uuid.test(value))
    return fill(t.sentContext, { where: `${origin}${articlePath(site.slug, locale, value, '')}` });
  if (kind === 'search' && value)
    return fill(t.sentContext, { where: `${origin}${searchPath(site.slug, locale, value)}` });
  return '';
}
