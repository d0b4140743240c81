import type { SurveyLinkOutcome, SurveyPageView } from './survey-link.service.ts';
import { type SurveyLocale, surveyText } from './survey-text.ts';

/** Text for HTML (element content and quoted attributes). */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const style = `
body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:560px;margin:40px auto;padding:24px;background:#fff;border:1px solid #d0d7de;border-radius:8px}
h1{font-size:20px;margin:0 0 16px}
fieldset{border:0;margin:0 0 20px;padding:0}
legend{font-weight:600;margin-bottom:8px}
.scores{display:flex;flex-wrap:wrap;gap:8px}
.scores label,.reasons label{display:inline-flex;align-items:center;gap:6px;padding:6px 10px;border:1px solid #d0d7de;border-radius:6px;cursor:pointer}
.reasons label{margin:0 8px 8px 0}
textarea{width:100%;box-sizing:border-box;min-height:96px;font:inherit;padding:8px;border:1px solid #d0d7de;border-radius:6px}
button{font:inherit;padding:8px 16px;border:0;border-radius:6px;background:#1f6feb;color:#fff;cursor:pointer}
.status{padding:8px 12px;border-radius:6px;background:#dafbe1;color:#116329}
.error{padding:8px 12px;border-radius:6px;background:#ffebe9;color:#a40e26}
`;

function page(locale: SurveyLocale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${style}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The form: the score as a radio group, optional reasons and comment; works without script. */
function form(view: SurveyPageView): string {
  const t = surveyText(view.locale);
  const answer = view.answer;
  const scores = view.scores
    .map(
      (s) =>
        `<label><input type="radio" name="score" value="${s.score}" required${answer?.score === s.score ? ' checked' : ''}> ${escapeHtml(s.label)}</label>`,
    )
    .join('');
  const reasons = view.reasons.length
    ? `<fieldset class="reasons"><legend>${escapeHtml(t.reasons)}</legend>${view.reasons
        .map(
          (r) =>
            `<label><input type="checkbox" name="reasons" value="${escapeHtml(r.id)}"${answer?.reasons.includes(r.id) ? ' checked' : ''}> ${escapeHtml(r.label)}</label>`,
        )
        .join('')}</fieldset>`
    : '';
  const comment = view.commentEnabled
    ? `<p><label for="comment">${escapeHtml(t.comment)}</label><br><textarea id="comment" name="comment" maxlength="2000">${escapeHtml(answer?.comment ?? '')}</textarea></p>`
    : '';
  return `<form method="post" action="/survey/${escapeHtml(view.requestId)}">
<input type="hidden" name="e" value="${view.form.expires}"><input type="hidden" name="sig" value="${escapeHtml(view.form.signature)}">
<fieldset><legend>${escapeHtml(view.question)}</legend><div class="scores" role="radiogroup" aria-label="${escapeHtml(view.question)}">${scores}</div></fieldset>
${reasons}${comment}<p><button type="submit">${escapeHtml(t.save)}</button></p></form>`;
}

/** The HTML page and status for an outcome: 200 with the form, 400, 403 (bad link) or 410. */
export function renderSurveyPage(
  outcome: SurveyLinkOutcome,
  fallback: SurveyLocale,
): { status: number; html: string } {
  switch (outcome.kind) {
    case 'invalid': {
      const t = surveyText(fallback);
      return {
        status: 403,
        html: page(
          fallback,
          t.invalidTitle,
          `<h1>${escapeHtml(t.invalidTitle)}</h1><p>${escapeHtml(t.invalidBody)}</p>`,
        ),
      };
    }
    case 'closed': {
      const t = surveyText(outcome.locale);
      return {
        status: 410,
        html: page(
          outcome.locale,
          t.closedTitle,
          `<h1>${escapeHtml(t.closedTitle)}</h1><p>${escapeHtml(t.closedBody)}</p>`,
        ),
      };
    }
    case 'bad_input': {
      const { view } = outcome;
      const t = surveyText(view.locale);
      return {
        status: 400,
        html: page(
          view.locale,
          t.badInputTitle,
          `<h1>${escapeHtml(view.workspaceName)}</h1><p class="error" role="alert">${escapeHtml(t.badInputTitle)}: ${escapeHtml(outcome.message)}</p>${form(view)}`,
        ),
      };
    }
    case 'answered':
    case 'open': {
      const { view } = outcome;
      const t = surveyText(view.locale);
      const status =
        outcome.kind === 'answered'
          ? `<p class="status" role="status">${escapeHtml(t.thanks)} ${escapeHtml(t.change)}</p>`
          : '';
      return {
        status: 200,
        html: page(
          view.locale,
          `${t.title} · ${view.workspaceName}`,
          `<h1>${escapeHtml(view.workspaceName)}</h1>${status}${form(view)}`,
        ),
      };
    }
  }
}
