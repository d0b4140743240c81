import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The policy for Kefu's own pages: scripts and styles only from Kefu itself (no inline script,
 * no eval), so even a rendering mistake with untrusted text cannot run code; images may be data
 * or blob URLs (previews); sockets and fetches go to the same origin only.
 */
const basePolicy = [
  "default-src 'self'",
  "script-src 'self'",
  // Inline style attributes are used by the apps (positions, brand colour); styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

export type PageKind = 'app' | 'widget-frame' | 'help-center';

/**
 * Headers for an HTML page. The workspace and everything else may not be framed (clickjacking);
 * the widget's iframe page is made to be embedded, on the origins the workspace allows.
 */
export function pageSecurityHeaders(
  reply: FastifyReply,
  kind: PageKind,
  ancestors: string[] | '*' = '*',
) {
  if (kind === 'widget-frame') {
    const list = ancestors === '*' ? '*' : ancestors.join(' ') || "'none'";
    reply.header('content-security-policy', [...basePolicy, `frame-ancestors ${list}`].join('; '));
    reply.removeHeader('x-frame-options');
    return;
  }
  // Help-center articles may show images from any https address their editors chose.
  const policy =
    kind === 'help-center'
      ? basePolicy.map((d) => (d.startsWith('img-src') ? "img-src 'self' data: https:" : d))
      : basePolicy;
  reply.header('content-security-policy', [...policy, "frame-ancestors 'none'"].join('; '));
  reply.header('x-frame-options', 'DENY');
}

/**
 * Defaults for every response: no MIME sniffing, no framing, a strict policy for anything that is
 * not a page of its own (API JSON, errors); a route that set its own policy keeps it.
 */
export function installSecurityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
      reply.header('x-frame-options', 'DENY');
    }
  });
}
