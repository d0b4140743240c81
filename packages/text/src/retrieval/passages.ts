/** Longest passage the bot quotes; longer ones are cut at a sentence end. */
const maxPassageChars = 400;

/**
 * Splits an article body into passages: its paragraphs (blank-line separated), with very long
 * paragraphs cut into pieces of about `maxPassageChars` at sentence ends, so a passage is
 * something the bot can quote.
 *
 * @example splitPassages('Refunds take 5 days.\n\nShipping is free.') // two passages
 */
export function splitPassages(body: string): string[] {
  const passages: string[] = [];
  for (const paragraph of body.split(/\n\s*\n/)) {
    const text = paragraph.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    let rest = text;
    while (rest.length > maxPassageChars) {
      const cut = cutPoint(rest);
      passages.push(rest.slice(0, cut).trim());
      rest = rest.slice(cut).trim();
    }
    passages.push(rest);
  }
  return passages;
}

/**
 * Where to cut a text longer than `maxPassageChars`: after the last sentence end (. ! ? 。！？)
 * before the limit, else at the last space, else at the limit.
 */
function cutPoint(text: string): number {
  const head = text.slice(0, maxPassageChars);
  const sentenceEnd = Math.max(
    ...['. ', '! ', '? ', '。', '！', '？'].map((m) => head.lastIndexOf(m)),
  );
  if (sentenceEnd > maxPassageChars / 3) return sentenceEnd + 1;
  const space = head.lastIndexOf(' ');
  return space > maxPassageChars / 3 ? space : maxPassageChars;
}

/**
 * Cuts a passage to at most `maxPassageChars` (see `cutPoint`), marking a cut inside a sentence
 * with an ellipsis.
 *
 * @example shortenPassage('One. Two.') // 'One. Two.'
 */
export function shortenPassage(text: string): string {
  if (text.length <= maxPassageChars) return text;
  const head = text.slice(0, cutPoint(text)).trim();
  return /[.!?。！？]$/.test(head) ? head : `${head}…`;
}
