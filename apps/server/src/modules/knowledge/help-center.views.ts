import type { PublishedArticle } from '../../repositories/knowledge.repository.ts';
import type { ArticleMatch } from './article-index.ts';
import { type Html, markup, raw } from './help-center-layout.ts';
import type { HelpCategory, HelpSite } from './help-center.service.ts';
import { type HelpText, fill } from './help-center-text.ts';
import { articlePath, categoryPath, helpRoot, homePath } from './help-center-urls.ts';

const articleLink = (site: HelpSite, a: PublishedArticle) =>
  articlePath(site.slug, a.locale, a.article_id, a.title);

const snippet = (text: string, length = 160) =>
  text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;

export function homeView(
  t: HelpText,
  site: HelpSite,
  locale: string,
  data: { categories: HelpCategory[]; popular: PublishedArticle[] },
): Html {
  if (data.categories.length === 0 && data.popular.length === 0)
    return markup`<h1>${t.helpCenter}</h1>
      <p>${t.noArticles}</p>
      ${contactLink(t, site, locale)}`;
  return markup`<h1 class="sr-only">${site.name} · ${t.helpCenter}</h1>
    <section aria-labelledby="categories-title">
      <h2 id="categories-title">${t.categories}</h2>
      <ul class="grid">
        ${data.categories.map(
          (c) =>
            markup`<li class="card">
              <h3><a href="${categoryPath(site.slug, locale, c.id)}">${c.name}</a></h3>
              ${c.description ? markup`<p>${c.description}</p>` : ''}
              <ul>
                ${c.articles.slice(0, 5).map((a) => markup`<li><a href="${articleLink(site, a)}">${a.title}</a></li>`)}
              </ul>
            </li>`,
        )}
      </ul>
    </section>
    ${
      data.popular.length
        ? markup`<section aria-labelledby="popular-title">
            <h2 id="popular-title">${t.popular}</h2>
            <ul class="list">
              ${data.popular.map(
                (a) =>
                  markup`<li>
                    <a href="${articleLink(site, a)}">${a.title}</a>
                    <p>${snippet(a.body_text)}</p>
                  </li>`,
              )}
            </ul>
          </section>`
        : ''
    }
    ${contactLink(t, site, locale)}`;
}

export function categoryView(
  t: HelpText,
  site: HelpSite,
  locale: string,
  category: HelpCategory,
): Html {
  return markup`${crumbs(t, site, locale, [])}
    <h1>${category.name}</h1>
    ${category.description ? markup`<p>${category.description}</p>` : ''}
    <h2>${t.articlesIn}</h2>
    ${
      category.articles.length
        ? markup`<ul class="list">
            ${category.articles.map(
              (a) =>
                markup`<li>
                  <a href="${articleLink(site, a)}">${a.title}</a>
                  <p>${snippet(a.body_text)}</p>
                </li>`,
            )}
          </ul>`
        : markup`<p>${t.noArticles}</p>`
    }
    ${contactLink(t, site, locale)}`;
}

export function articleView(
  t: HelpText,
  site: HelpSite,
  locale: string,
  data: {
    article: PublishedArticle;
    category: { id: string; name: string } | null;
    related: PublishedArticle[];
  },
): Html {
  const { article } = data;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(article.published_at),
  );
  const feedbackUrl = `${helpRoot(site.slug)}/${locale}/articles/${article.article_id}/feedback`;
  return markup`${crumbs(t, site, locale, data.category ? [data.category] : [])}
    <article>
      <h1>${article.title}</h1>
      <p class="meta">${fill(t.updated, { date })}</p>
      <div class="article-body">${raw(article.body_html)}</div>
    </article>
    <section class="panel" aria-labelledby="helpful-title">
      <form method="post" action="${feedbackUrl}">
        <fieldset>
          <legend id="helpful-title">${t.helpfulQuestion}</legend>
          <div class="field">
            <label for="reason">${t.reasonLabel}</label
            ><textarea id="reason" name="reason" maxlength="1000" rows="3"></textarea>
          </div>
          <div class="buttons">
            <button type="submit" name="helpful" value="yes">${t.yes}</button
            ><button type="submit" name="helpful" value="no" class="secondary">${t.no}</button>
          </div>
        </fieldset>
      </form>
    </section>
    ${
      data.related.length
        ? markup`<section aria-labelledby="related-title">
            <h2 id="related-title">${t.related}</h2>
            <ul class="list">
              ${data.related.map((a) => markup`<li><a href="${articleLink(site, a)}">${a.title}</a></li>`)}
            </ul>
          </section>`
        : ''
    }
    ${contactLink(t, site, locale, `article:${article.article_id}`)}`;
}

export function searchView(
  t: HelpText,
  site: HelpSite,
  locale: string,
  query: string,
  hits: ArticleMatch[],
): Html {
  if (!query)
    return markup`<h1>${t.searchButton}</h1>
      <p>${t.emptyQuery}</p>`;
  return markup`<h1>${fill(t.resultsFor, { q: query })}</h1>
    <p role="status">
      ${hits.length ? fill(t.resultCount, { n: hits.length }) : fill(t.noResults, { q: query })}
    </p>
    ${
      hits.length
        ? markup`<ul class="list">
            ${hits.map(
              (h) =>
                markup`<li>
                  <a href="${articleLink(site, h.article)}">${h.article.title}</a>
                  <p>${h.passage}</p>
                </li>`,
            )}
          </ul>`
        : ''
    }
    ${contactLink(t, site, locale, `search:${query}`)}`;
}

export function feedbackThanksView(
  t: HelpText,
  site: HelpSite,
  locale: string,
  article: PublishedArticle,
  helpful: boolean,
): Html {
  return markup`<h1>${helpful ? t.feedbackThanks : t.feedbackThanksNo}</h1>
    <p><a href="${articleLink(site, article)}">${t.backToArticle}</a></p>
    ${helpful ? '' : contactLink(t, site, locale, `article:${article.article_id}`)}`;
}

export type ContactErrors = Record<string, 'required' | 'invalid' | 'too_long'>;

export function contactView(
  t: HelpText,
  site: HelpSite,
  locale: string,
  values: Record<string, string>,
  errors: ContactErrors | 'rate_limited' | null,
): Html {
  const fieldErrors = errors && errors !== 'rate_limited' ? errors : {};
  const message = (field: string) => {
    const code = fieldErrors[field];
    if (!code) return '';
    const text =
      code === 'required' ? t.fieldRequired : code === 'invalid' ? t.fieldInvalid : t.fieldTooLong;
    return markup`<p class="error" id="${field}-error">${text}</p>`;
  };
  const field = (name: string, label: string, type: string, extra: Html = raw('')) => {
    const invalid = Boolean(fieldErrors[name]);
    const described = invalid ? markup` aria-invalid="true" aria-describedby="${name}-error"` : '';
    const control =
      type === 'textarea'
        ? markup`<textarea id="${name}" name="${name}" ${described}${extra}>${values[name] ?? ''}</textarea>`
        : markup`<input
            id="${name}"
            name="${name}"
            type="${type}"
            value="${values[name] ?? ''}"
            ${described}${extra}
          />`;
    return markup`<div class="field">
      <label for="${name}">${label}</label>${control}${message(name)}
    </div>`;
  };
  return markup`<h1>${t.contactTitle}</h1>
    <p>${t.contactIntro}</p>
    ${errors === 'rate_limited' ? markup`<p class="alert" role="alert">${t.rateLimited}</p>` : ''}
    ${errors && errors !== 'rate_limited' ? markup`<p class="alert" role="alert">${t.formErrors}</p>` : ''}
    <form method="post" action="${helpRoot(site.slug)}/${locale}/contact" novalidate>
      <input type="hidden" name="context" value="${values.context ?? ''}" />
      ${field('name', t.contactName, 'text', raw(' autocomplete="name" maxlength="100"'))}
      ${field('email', t.contactEmail, 'email', raw(' autocomplete="email" required'))}
      ${field('subject', t.contactSubject, 'text', raw(' maxlength="200"'))}
      ${field('message', t.contactMessage, 'textarea', raw(' required maxlength="5000"'))}
      <div class="hp" aria-hidden="true">
        <label for="website">${t.contactWebsite}</label
        ><input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
      </div>
      <button type="submit">${t.contactSend}</button>
    </form>`;
}

export function contactSentView(t: HelpText, site: HelpSite, locale: string, ref: number): Html {
  return markup`<h1>${t.contactThanks}</h1>
    <p>${ref > 0 ? fill(t.contactThanksBody, { number: ref }) : ''}</p>
    <p><a href="${homePath(site.slug, locale)}">${t.backHome}</a></p>`;
}

export function notFoundView(t: HelpText, homeHref: string | null): Html {
  return markup`<h1>${t.notFoundTitle}</h1>
    <p>${t.notFoundBody}</p>
    ${homeHref ? markup`<p><a href="${homeHref}">${t.backHome}</a></p>` : ''}`;
}

function crumbs(
  t: HelpText,
  site: HelpSite,
  locale: string,
  trail: { id: string; name: string }[],
) {
  return markup`<nav class="crumbs" aria-label="${t.breadcrumb}">
    <ol>
      <li><a href="${homePath(site.slug, locale)}">${t.home}</a></li>
      ${trail.map(
        (c) => markup`<li><a href="${categoryPath(site.slug, locale, c.id)}">${c.name}</a></li>`,
      )}
    </ol>
  </nav>`;
}

function contactLink(t: HelpText, site: HelpSite, locale: string, context?: string) {
  const href = `${helpRoot(site.slug)}/${locale}/contact${context ? `?from=${encodeURIComponent(context)}` : ''}`;
  return markup`<section class="panel" aria-labelledby="contact-title">
    <h2 id="contact-title">${t.contactTitle}</h2>
    <p>${t.contactIntro}</p>
    <p><a class="button" href="${href}">${t.contactSend}</a></p>
  </section>`;
}

/** The sitemap: every public article language with its alternates, homes and categories. */
export function sitemapXml(
  origin: string,
  site: HelpSite,
  articles: PublishedArticle[],
  categoryIds: string[],
): string {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const byArticle = new Map<string, PublishedArticle[]>();
  for (const a of articles)
    byArticle.set(a.article_id, [...(byArticle.get(a.article_id) ?? []), a]);
  const entry = (loc: string, alternates: { locale: string; path: string }[], lastmod?: Date) =>
    `<url><loc>${escape(origin + loc)}</loc>${lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : ''}${
      alternates.length > 1
        ? alternates
            .map(
              (a) =>
                `<xhtml:link rel="alternate" hreflang="${escape(a.locale)}" href="${escape(origin + a.path)}"/>`,
            )
            .join('')
        : ''
    }</url>`;
  const homes = site.locales.map((l) => ({ locale: l, path: homePath(site.slug, l) }));
  const urls = [
    ...homes.map((h) => entry(h.path, homes)),
    ...site.locales.flatMap((l) =>
      categoryIds
        .filter((id) => articles.some((a) => a.category_id === id && a.locale === l))
        .map((id) => entry(categoryPath(site.slug, l, id), [])),
    ),
    ...[...byArticle.values()].flatMap((languages) => {
      const alternates = languages.map((a) => ({ locale: a.locale, path: articleLink(site, a) }));
      return languages.map((a) => entry(articleLink(site, a), alternates, a.published_at));
    }),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
}
