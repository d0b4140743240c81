import type { SurveyRequestRow } from '../../db/schema-surveys.ts';
import { linkExpiry, surveyLink } from './survey-links.ts';
import { escapeHtml } from './survey-page.ts';
import { questionOf, scoreLabels, surveyLocale, surveyText } from './survey-text.ts';

/**
 * The survey mail: for each request its question and one signed link per score (one click
 * records it), then a link to the page where the answer can get reasons and a comment. Text
 * and HTML parts; every piece of text in the HTML is escaped.
 */
export function surveyMail(input: {
  publicUrl: string;
  secret: string;
  workspaceName: string;
  conversationNumber: number;
  requests: SurveyRequestRow[];
}): { subject: string; text: string; html: string } {
  const first = input.requests[0]!;
  const locale = surveyLocale(first.locale);
  const t = surveyText(locale);
  const expiresAt = new Date(first.expires_at);
  const until = expiresAt.toLocaleDateString(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const textParts = [t.intro(input.workspaceName), ''];
  const htmlParts = [`<p>${escapeHtml(t.intro(input.workspaceName))}</p>`];
  for (const request of input.requests) {
    const expires = linkExpiry(new Date(request.expires_at));
    const question = questionOf(t, request.kind, input.workspaceName);
    const links = scoreLabels(t, request.kind, request.scale).map((s) => ({
      ...s,
      url: surveyLink(input.publicUrl, input.secret, request.id, s.score, expires),
    }));
    textParts.push(question, ...links.map((l) => `  ${l.label}: ${l.url}`), '');
    htmlParts.push(
      `<h2 style="font-size:16px;margin:24px 0 8px">${escapeHtml(question)}</h2>`,
      `<p>${links
        .map(
          (l) =>
            `<a href="${escapeHtml(l.url)}" style="display:inline-block;margin:0 6px 6px 0;padding:8px 12px;border:1px solid #1f6feb;border-radius:6px;color:#1f6feb;text-decoration:none">${escapeHtml(l.label)}</a>`,
        )
        .join('')}</p>`,
    );
  }
  textParts.push(t.oneClick, t.until(until));
  htmlParts.push(
    `<p style="color:#555">${escapeHtml(t.oneClick)}<br>${escapeHtml(t.until(until))}</p>`,
  );
  return {
    subject: t.subject(input.conversationNumber),
    text: textParts.join('\n'),
    html: `<div lang="${locale}">${htmlParts.join('\n')}</div>`,
  };
}
