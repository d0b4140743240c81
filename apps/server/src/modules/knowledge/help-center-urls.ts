/**
 * The help center's URL scheme, shared by the pages, the sitemap and search results:
 * `/help/<workspace slug>/<locale>/articles/<id>-<title slug>`. The id decides; the slug is
 * for people and search engines, and a wrong or missing one redirects to the right URL.
 */

/** Latin letters and digits of a title, lower-cased and hyphenated; '' for a Chinese title. */
export function titleSlug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

export const helpRoot = (slug: string) => `/help/${encodeURIComponent(slug)}`;

export const homePath = (slug: string, locale: string) => `${helpRoot(slug)}/${locale}/`;

export const categoryPath = (slug: string, locale: string, id: string) =>
  `${helpRoot(slug)}/${locale}/categories/${id}`;

export function articlePath(slug: string, locale: string, id: string, title: string): string {
  const words = titleSlug(title);
  return `${helpRoot(slug)}/${locale}/articles/${id}${words ? `-${words}` : ''}`;
}

export const searchPath = (slug: string, locale: string, query?: string) =>
  `${helpRoot(slug)}/${locale}/search${query ? `?q=${encodeURIComponent(query)}` : ''}`;
