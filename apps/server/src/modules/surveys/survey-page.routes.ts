import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pageSecurityHeaders } from '../../http/security-headers.ts';
import type { SignedLinkInput, SurveyLinkService } from './survey-link.service.ts';
import { renderSurveyPage } from './survey-page.ts';
import { surveyLocale } from './survey-text.ts';

const formLimit = 16 * 1024;

/** The signed part of a link or form; anything malformed is simply an invalid link. */
function signedFrom(values: Record<string, unknown>, withScore: boolean): SignedLinkInput | null {
  const expires = Number(values.e);
  const signature = values.sig;
  if (!Number.isInteger(expires) || typeof signature !== 'string' || signature.length > 100)
    return null;
  if (!withScore || values.score === undefined) return { score: 'any', expires, signature };
  const score = Number(values.score);
  if (typeof values.score !== 'string' || !/^\d{1,2}$/.test(values.score)) return null;
  return { score, expires, signature };
}

/**
 * The page a survey mail's links open (`/survey/:id`), server-rendered with no script: GET with
 * a signed score records it in one click; the form posts reasons, a comment or another score.
 * Refusals are pages too: 403 for a link that does not verify, 410 once the survey closed.
 */
export async function registerSurveyPages(app: FastifyInstance, links: SurveyLinkService) {
  await app.register(async (scope) => {
    // Form posts only here; the API itself keeps refusing anything but JSON.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: formLimit },
      (_request, body, done) => done(null, new URLSearchParams(body as string)),
    );
    const send = (
      request: FastifyRequest,
      reply: FastifyReply,
      result: ReturnType<typeof renderSurveyPage>,
    ) => {
      pageSecurityHeaders(reply, 'app');
      return reply
        .status(result.status)
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .type('text/html; charset=utf-8')
        .send(result.html);
    };
    const fallback = (request: FastifyRequest) =>
      surveyLocale(request.headers['accept-language']?.split(',')[0]);

    scope.get('/survey/:id', async (request, reply) => {
      const id = (request.params as { id: string }).id;
      const signed = signedFrom(request.query as Record<string, unknown>, true);
      const outcome = signed ? await links.open(id, signed) : ({ kind: 'invalid' } as const);
      return send(request, reply, renderSurveyPage(outcome, fallback(request)));
    });

    scope.post('/survey/:id', async (request, reply) => {
      const id = (request.params as { id: string }).id;
      const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
      const signed = signedFrom({ e: form.get('e'), sig: form.get('sig') }, false);
      const score = form.get('score');
      if (!signed)
        return send(request, reply, renderSurveyPage({ kind: 'invalid' }, fallback(request)));
      const comment = form.get('comment');
      const outcome = await links.submit(id, signed, {
        // A missing or non-numeric score fails the range check and shows the form again.
        score: score !== null && /^\d{1,2}$/.test(score) ? Number(score) : Number.NaN,
        reasons: form.getAll('reasons').slice(0, 12),
        comment: comment === null ? undefined : comment.trim().slice(0, 2000),
      });
      return send(request, reply, renderSurveyPage(outcome, fallback(request)));
    });
  });
}
