import type { HelpSite } from './help-center.service.ts';
import { type HelpText, helpText, languageName } from './help-center-text.ts';
import { homePath, searchPath } from './help-center-urls.ts';

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A trusted fragment of HTML (built here from escaped parts, or sanitized article HTML). */
export interface Html {
  readonly html: string;
}
export const raw = (html: string): Html => ({ html });

/**
 * Tagged template that escapes every interpolated value unless it is `Html` (or an array of
 * them), so untrusted text cannot become markup by mistake.
 */
export function markup(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return raw(out);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'object' && 'html' in value) return (value as Html).html;
  if (typeof value === 'string' || typeof value === 'number') return escapeHtml(String(value));
  throw new TypeError('markup`…`: interpolate text, numbers or Html');
}

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * The header's colours from the workspace's brand colour, keeping AA contrast (4.5:1): white
 * text on a dark enough brand, near-black on a light one. Links use the brand colour only when
 * it reads on white.
 */
export function brandColours(color: string) {
  const brand = /^#[0-9a-fA-F]{6}$/.test(color) ? color.toLowerCase() : '#2563eb';
  const l = luminance(brand);
  const onBrand = contrast(l, 1) >= 4.5 ? '#ffffff' : '#111827';
  const link = contrast(l, 1) >= 4.5 ? brand : '#1d4ed8';
  return { brand, onBrand, link };
}

export interface PageOptions {
  site: HelpSite;
  locale: string;
  title: string;
  description?: string;
  /** Absolute origin for canonical and alternate links. */
  origin: string;
  canonicalPath: string;
  /** This page in the other languages (hreflang). */
  alternates: { locale: string; path: string }[];
  query?: string;
  noindex?: boolean;
  body: Html;
}

/** The page shell: head with canonical and hreflang links, skip link, header with search. */
export function layout(page: PageOptions): string {
  const t = helpText(page.locale);
  const { brand, onBrand, link } = brandColours(page.site.color);
  const home = homePath(page.site.slug, page.locale);
  const alternates = page.alternates.length > 1 ? page.alternates : [];
  return `<!doctype html>${
    markup`<html lang="${page.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${page.title} · ${page.site.name} ${t.helpCenter}</title>
        ${page.description ? markup`<meta name="description" content="${page.description}" />` : ''}
        ${page.noindex ? raw('<meta name="robots" content="noindex">') : ''}
        <link rel="canonical" href="${page.origin}${page.canonicalPath}" />
        ${alternates.map((a) => markup`<link rel="alternate" hreflang="${a.locale}" href="${page.origin}${a.path}" /> `)}
        ${alternates.length ? markup`<link rel="alternate" hreflang="x-default" href="${page.origin}${alternates[0]!.path}" />` : ''}
        <style>
          ${raw(styles(brand, onBrand, link))}
        </style>
      </head>
      <body>
        <a class="skip" href="#content">${t.skip}</a>
        <header class="site">
          <div class="wrap top">
            <a class="brand" href="${home}">${page.site.name} <span>${t.helpCenter}</span></a>
            ${languageNav(t, page.locale, page.alternates)}
          </div>
          <div class="wrap">${searchForm(t, page.site.slug, page.locale, page.query ?? '')}</div>
        </header>
        <main id="content" tabindex="-1" class="wrap">${page.body}</main>
        <footer class="wrap foot"><a href="${home}">${page.site.name} · ${t.helpCenter}</a></footer>
      </body>
    </html>`.html
  }`;
}

function languageNav(t: HelpText, current: string, alternates: { locale: string; path: string }[]) {
  if (alternates.length < 2) return '';
  return markup`<nav class="langs" aria-label="${t.language}">
    <ul>
      ${alternates.map((a) =>
        a.locale === current
          ? markup`<li>
              <span aria-current="true" lang="${a.locale}">${languageName(a.locale)}</span>
            </li>`
          : markup`<li>
              <a href="${a.path}" hreflang="${a.locale}" lang="${a.locale}"
                >${languageName(a.locale)}</a
              >
            </li>`,
      )}
    </ul>
  </nav>`;
}

export function searchForm(t: HelpText, slug: string, locale: string, query: string) {
  return markup`<form class="search" role="search" method="get" action="${searchPath(slug, locale)}">
    <label for="q">${t.searchLabel}</label>
    <div class="search-row">
      <input
        id="q"
        name="q"
        type="search"
        value="${query}"
        placeholder="${t.searchPlaceholder}"
        maxlength="200"
        autocomplete="off"
      /><button type="submit">${t.searchButton}</button>
    </div>
  </form>`;
}

function styles(brand: string, onBrand: string, link: string) {
  return `
:root{--brand:${brand};--on-brand:${onBrand};--link:${link};--text:#111827;--muted:#4b5563;--line:#d1d5db;--soft:#f3f4f6}
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:var(--text);background:#fff}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,main:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0;background:#fff;color:#111827;padding:8px 12px;z-index:10}
.skip:focus{left:8px;top:8px}
.wrap{max-width:960px;margin:0 auto;padding:0 20px}
header.site{background:var(--brand);color:var(--on-brand);padding:16px 0 28px}
header.site a{color:var(--on-brand)}
.top{display:flex;align-items:center;justify-content:space-between;gap:16px;flex-wrap:wrap}
.brand{font-size:1.25rem;font-weight:700;text-decoration:none}
.brand span{font-weight:400;opacity:.95}
.langs ul{list-style:none;display:flex;gap:12px;margin:0;padding:0}
.langs span{font-weight:700}
.search{margin-top:20px}
.search label{display:block;font-size:1.5rem;font-weight:700;margin-bottom:8px}
.search-row{display:flex;gap:8px}
.search input{flex:1;min-width:0;font:inherit;padding:10px 12px;border:1px solid #6b7280;border-radius:8px;color:#111827;background:#fff}
button,.button{font:inherit;padding:10px 18px;border-radius:8px;border:1px solid #111827;background:#111827;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#111827}
main.wrap{padding:28px 20px 40px;outline:none}
h1{font-size:1.75rem;line-height:1.3;margin:0 0 12px}
h2{font-size:1.3rem;margin:28px 0 10px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:16px;padding:0;list-style:none}
.card{border:1px solid var(--line);border-radius:10px;padding:16px}
.card h3{margin:0 0 6px;font-size:1.1rem}
.card p{margin:0 0 8px;color:var(--muted)}
.card ul{margin:0;padding-left:18px}
.list{list-style:none;padding:0;margin:0}
.list li{border-bottom:1px solid var(--line);padding:12px 0}
.list p{margin:4px 0 0;color:var(--muted)}
.crumbs ol{list-style:none;display:flex;flex-wrap:wrap;gap:6px;padding:0;margin:0 0 16px;color:var(--muted)}
.crumbs li+li::before{content:"›";margin-right:6px}
.meta{color:var(--muted);font-size:.9rem;margin-bottom:20px}
.article-body{overflow-wrap:anywhere}
.article-body img{max-width:100%;height:auto}
.article-body table{border-collapse:collapse}
.article-body th,.article-body td{border:1px solid var(--line);padding:6px 10px}
.article-body pre{background:var(--soft);padding:12px;overflow:auto;border-radius:8px}
.article-body blockquote{margin:0;padding:4px 16px;border-left:4px solid var(--line);color:#374151}
.panel{background:var(--soft);border-radius:10px;padding:16px 20px;margin-top:32px}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:700;padding:0;margin-bottom:8px}
.buttons{display:flex;gap:8px;flex-wrap:wrap;margin-top:8px}
.field{margin:12px 0}
.field label{display:block;font-weight:600;margin-bottom:4px}
.field input,.field textarea{width:100%;font:inherit;padding:8px 10px;border:1px solid #6b7280;border-radius:8px}
.field textarea{min-height:120px}
.error{color:#b91c1c;font-weight:600;margin:4px 0 0}
.alert{border:2px solid #b91c1c;border-radius:8px;padding:10px 14px;color:#7f1d1d;background:#fef2f2}
.hp,.sr-only{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
.foot{border-top:1px solid var(--line);padding:20px;color:var(--muted)}
.foot a{color:var(--muted)}
mark{background:#fef08a;color:inherit}
`;
}
