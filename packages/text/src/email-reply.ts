/** The new text of an inbound email, separated from what it quotes and its signature. */
export interface SplitReply {
  /** The new text the sender wrote, trimmed. Never empty when the input had any non-quoted text; if everything is quoted, return the whole input trimmed as `reply` and null as `quoted`. */
  reply: string;
  /** Everything split off (quoted history, "On … wrote:" header, forwarded/original-message blocks, signature), or null when nothing was split off. */
  quoted: string | null;
}

interface Line {
  text: string;
  trimmed: string;
  isBlank: boolean;
  isQuoted: boolean;
}

/** Where the lines `end`… can be cut off, given the lines above them; `end` when they cannot. */
type Stripper = (lines: readonly Line[], end: number) => number;

/** Header and footer lines are short; longer lines skip the pattern checks, so huge lines stay cheap. */
const maxHeaderLength = 300;
/** How far above the end a `-- ` delimiter may sit and still start the signature. */
const maxSignatureLines = 15;
/** How many lines below `From:` the other fields of an Outlook-style header may appear. */
const headerFieldWindow = 6;
/** How many lines a mailing-list footer may have below its underscore rule. */
const maxListFooterLines = 4;
/** Mobile footers are one short line. */
const maxFooterLength = 60;

/** Titles of `----- … -----` lines that start quoted or forwarded mail, lower-cased. */
const separatorTitles = new Set([
  'original message',
  'forwarded message',
  '原始邮件',
  '回复的原邮件',
  '邮件原件',
  '原邮件',
  '转发的邮件',
]);
const forwardIntro = /^(?:Begin forwarded message|开始转发的邮件|转发的邮件) ?[:：]$/i;
const fromLabels = new Set(['from', '发件人']);
const dateLabels = new Set(['sent', 'date', '发送时间', '日期', '时间']);
const recipientLabels = new Set(['to', 'cc', 'subject', '收件人', '抄送', '主题']);
/** `From:`, `*Sent:*` (Outlook's bold plain text), `发件人：`. */
const fieldLabel = /^\*{0,2}([A-Za-z]{2,10}|[\u4e00-\u9fff]{2,4})\*{0,2} {0,3}[:：]/;
/** Every real attribution carries a year, a time or a numeric date; prose that merely starts with "On" does not. */
const dateOrTime = /\d{4}|\d:\d\d|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}/;
const attributionForms: readonly { start: RegExp; end: RegExp }[] = [
  { start: /^On\s/, end: /(?:wrote|writes) ?:$/i },
  { start: /^Le\s/, end: /a écrit ?:$/ },
  { start: /^Am\s/, end: /schrieb\s.*:$/ },
  { start: /^/, end: /写道 ?[:：]$/ },
];
// Bounded inputs (≤ 60 characters) and a literal space before each repeated word: no backtracking blow-up.
const englishFooter =
  /^(?:Sent from my [\w-]+(?: [\w-]+){0,3}|Sent from (?:Mail|Outlook|Yahoo Mail|Gmail)(?: [\w-]+){0,4}|Get Outlook for \w+)$/;
const chineseFooter =
  /^(?:(?:发自|来自) ?我的 ?\S|从我的 ?.{1,20}发送$|(?:发自|来自) ?(?:网易|QQ|手机|Outlook|iPhone|iPad|Android|Foxmail))/;
const sentencePunctuation = /[，。！？；,!?;]/;

/**
 * Splits the plain-text body of an inbound email into the new text and what sits below it that
 * the sender did not just write: a trailing `>`-quoted block with its "On … wrote:" / "在 … 写道："
 * line, an Outlook, QQ/Foxmail, NetEase or forwarded header and everything after it, a `-- `
 * signature, a mobile footer ("Sent from my iPhone", "发自我的iPhone") and a mailing-list footer.
 * Quoted lines with new text below them are an inline reply and stay in `reply`. When nothing
 * would be left (a bare forward, a body that is all quotes) the whole input is the reply. Works
 * line by line in linear time, so a megabyte of input is safe.
 *
 * @example
 * splitReply('Thanks, it works!\n\nOn Tue, Mar 1, 2011 at 2:15 PM, Ann <a@b.com> wrote:\n> Restart it.');
 * // { reply: 'Thanks, it works!', quoted: 'On Tue, Mar 1, 2011 at 2:15 PM, Ann <a@b.com> wrote:\n> Restart it.' }
 */
export function splitReply(text: string): SplitReply {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line): Line => {
      const trimmed = line.trim();
      return { text: line, trimmed, isBlank: trimmed === '', isQuoted: trimmed.startsWith('>') };
    });
  const end = stripTrailing(lines, findHistoryHeader(lines));
  const reply = joinLines(lines, 0, end);
  if (reply === '') return { reply: joinLines(lines, 0, lines.length), quoted: null };
  const quoted = joinLines(lines, end, lines.length);
  return { reply, quoted: quoted === '' ? null : quoted };
}

function joinLines(lines: readonly Line[], from: number, to: number): string {
  return lines
    .slice(from, to)
    .map((line) => line.text)
    .join('\n')
    .trim();
}

/** The first line that starts a block of history nobody quoted with `>`, or `lines.length`. */
function findHistoryHeader(lines: readonly Line[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.isBlank || line.isQuoted || line.trimmed.length > maxHeaderLength) continue;
    if (isSeparator(line.trimmed) || isRuleBeforeFrom(lines, i)) return i;
    if (isFieldBlock(lines, i)) return includeRuleAbove(lines, i);
    const attributionEnd = attributionEndFrom(lines, i);
    if (attributionEnd >= 0) {
      const next = lines[skipBlanksDown(lines, attributionEnd + 1)];
      // Followed by `>` lines it is handled with them (trailing block or inline reply).
      if (next === undefined || !next.isQuoted) return i;
    }
  }
  return lines.length;
}

function isSeparator(trimmed: string): boolean {
  if (forwardIntro.test(trimmed)) return true;
  if (!trimmed.startsWith('--')) return false;
  const title = trimmed
    .replaceAll('&nbsp;', ' ')
    .replace(/^[-\s]+/, '')
    .replace(/[-\s]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  return separatorTitles.has(title);
}

function isRule(trimmed: string, char: '-' | '_'): boolean {
  return (
    trimmed.length >= 5 &&
    trimmed.length <= maxHeaderLength &&
    trimmed === char.repeat(trimmed.length)
  );
}

function labelOf(trimmed: string): string | null {
  const label = fieldLabel.exec(trimmed)?.[1];
  return label === undefined ? null : label.toLowerCase();
}

function hasLabel(trimmed: string, labels: ReadonlySet<string>): boolean {
  const label = labelOf(trimmed);
  return label !== null && labels.has(label);
}

/** Outlook's `________________________________` rule directly above `From:`. */
function isRuleBeforeFrom(lines: readonly Line[], i: number): boolean {
  if (!isRule(lines[i]!.trimmed, '_')) return false;
  const next = lines[skipBlanksDown(lines, i + 1)];
  return next !== undefined && hasLabel(next.trimmed, fromLabels);
}

/** `From:` followed, before the next blank line, by `Sent:`/`Date:` and `To:`/`Subject:` (or all on one line). */
function isFieldBlock(lines: readonly Line[], i: number): boolean {
  const first = lines[i]!.trimmed;
  if (!hasLabel(first, fromLabels)) return false;
  const inline = ` ${first.toLowerCase()}`;
  const inlineHas = (labels: ReadonlySet<string>): boolean =>
    [...labels].some((label) => inline.includes(` ${label}:`) || inline.includes(`${label}：`));
  let hasDate = inlineHas(dateLabels);
  let hasRecipient = inlineHas(recipientLabels);
  const last = Math.min(lines.length - 1, i + headerFieldWindow);
  for (let j = i + 1; j <= last && !lines[j]!.isBlank; j++) {
    hasDate ||= hasLabel(lines[j]!.trimmed, dateLabels);
    hasRecipient ||= hasLabel(lines[j]!.trimmed, recipientLabels);
  }
  return hasDate && hasRecipient;
}

/** A dashed or underscored rule just above a header belongs to it. */
function includeRuleAbove(lines: readonly Line[], i: number): number {
  const above = skipBlanksUp(lines, i) - 1;
  const line = lines[above];
  if (line === undefined || i - above > 3) return i;
  return isRule(line.trimmed, '-') || isRule(line.trimmed, '_') ? above : i;
}

function isAttribution(text: string): boolean {
  return (
    dateOrTime.test(text) &&
    attributionForms.some((form) => form.start.test(text) && form.end.test(text))
  );
}

function isAttributionPart(line: Line | undefined): line is Line {
  return (
    line !== undefined && !line.isBlank && !line.isQuoted && line.trimmed.length <= maxHeaderLength
  );
}

/** The last line of an attribution starting at `start` and wrapped over up to 3 lines, or -1. */
function attributionEndFrom(lines: readonly Line[], start: number): number {
  let joined = '';
  for (let end = start; end < start + 3 && isAttributionPart(lines[end]); end++) {
    joined = joined === '' ? lines[end]!.trimmed : `${joined} ${lines[end]!.trimmed}`;
    if (isAttribution(joined)) return end;
  }
  return -1;
}

/** The first line of an attribution ending at `end` and wrapped over up to 3 lines, or -1. */
function attributionStartBefore(lines: readonly Line[], end: number): number {
  let joined = '';
  for (let start = end; start > end - 3 && isAttributionPart(lines[start]); start--) {
    joined = joined === '' ? lines[start]!.trimmed : `${lines[start]!.trimmed} ${joined}`;
    if (isAttribution(joined)) return start;
  }
  return -1;
}

function skipBlanksUp(lines: readonly Line[], end: number): number {
  let i = end;
  while (i > 0 && lines[i - 1]!.isBlank) i--;
  return i;
}

function skipBlanksDown(lines: readonly Line[], start: number): number {
  let i = start;
  while (i < lines.length && lines[i]!.isBlank) i++;
  return i;
}

/** The `>` block after the last new text, with the attribution line above it. */
const stripTrailingQuote: Stripper = (lines, end) => {
  let start = end;
  while (start > 0 && (lines[start - 1]!.isQuoted || lines[start - 1]!.isBlank)) start--;
  start = skipBlanksDown(lines, start);
  if (start >= end) return end;
  const attribution = attributionStartBefore(lines, skipBlanksUp(lines, start) - 1);
  return attribution < 0 ? start : attribution;
};

const stripMobileFooter: Stripper = (lines, end) => {
  const last = lines[end - 1];
  if (last === undefined || last.isQuoted || last.trimmed.length > maxFooterLength) return end;
  const footer = last.trimmed;
  const isFooter =
    englishFooter.test(footer) || (chineseFooter.test(footer) && !sentencePunctuation.test(footer));
  return isFooter ? end - 1 : end;
};

/** Mailman's `____` rule and the few lines under it. */
const stripListFooter: Stripper = (lines, end) => {
  for (let i = end - 1; i >= 0 && i >= end - 1 - maxListFooterLines; i--) {
    const line = lines[i]!;
    if (line.isQuoted) return end;
    if (line.trimmed.length >= 10 && isRule(line.trimmed, '_')) return i;
  }
  return end;
};

/** The `-- ` delimiter (or a bare `--`) and the signature under it. */
const stripSignature: Stripper = (lines, end) => {
  for (let i = end - 1; i >= 0 && i >= end - maxSignatureLines; i--) {
    const line = lines[i]!;
    if (line.isQuoted) return end;
    if (line.trimmed === '--') return i;
  }
  return end;
};

/** Footers and signatures come once; quoted blocks and mobile footers may alternate with them. */
const trailingParts: readonly { strip: Stripper; once: boolean }[] = [
  { strip: stripTrailingQuote, once: false },
  { strip: stripMobileFooter, once: false },
  { strip: stripListFooter, once: true },
  { strip: stripSignature, once: true },
];

/** Peels quoted blocks, footers and signatures off the end of the new text until none is left. */
function stripTrailing(lines: readonly Line[], historyStart: number): number {
  const used = new Set<Stripper>();
  let end = skipBlanksUp(lines, historyStart);
  for (;;) {
    let next = end;
    for (const { strip, once } of trailingParts) {
      if (used.has(strip)) continue;
      next = strip(lines, end);
      if (next < end) {
        if (once) used.add(strip);
        break;
      }
    }
    if (next >= end) return end;
    end = skipBlanksUp(lines, next);
  }
}
