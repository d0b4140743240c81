/**
 * RFC 3834 and the habits of real mail systems: which mails were written by a machine. Such a
 * mail is still stored, but it never gets an automatic answer, never reopens a conversation
 * and never notifies the customer; that is what keeps two helpdesks from answering each other.
 */
export function automaticMailReason(input: {
  headers: Map<string, string>;
  /** The SMTP envelope sender: '' is the null return path (<>) of bounces and auto-replies. */
  envelopeFrom: string | null | undefined;
  fromAddress: string | null;
}): string | null {
  const header = (name: string) => input.headers.get(name)?.toLowerCase() ?? null;
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = header('precedence');
  if (precedence && /\b(bulk|list|junk|auto_reply)\b/.test(precedence))
    return `Precedence: ${precedence}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    if (input.headers.has(name)) return `${name}`;
  }
  const suppress = header('x-auto-response-suppress');
  if (suppress && /\b(all|oof|autoreply)\b/.test(suppress))
    return `X-Auto-Response-Suppress: ${suppress}`;
  if (input.headers.has('list-id') || input.headers.has('list-unsubscribe')) return 'mailing list';
  const contentType = header('content-type') ?? '';
  if (/multipart\/report/.test(contentType)) return 'delivery or read report';
  if (input.envelopeFrom === '' || header('return-path') === '<>') return 'null return path';
  const local = input.fromAddress?.split('@')[0] ?? '';
  if (/^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)$/i.test(local))
    return `sender ${local}`;
  return null;
}

/** Subjects without the reply and forward prefixes clients add ("Re:", "回复：", "AW:", …). */
export function baseSubject(subject: string): string {
  let current = subject.trim();
  for (let i = 0; i < 10; i += 1) {
    const next = current
      .replace(
        /^\s*(re|fw|fwd|aw|wg|sv|vs|antw|回复|答复|转发|回覆|轉寄)\s*(\[\d+\])?\s*[:：]\s*/i,
        '',
      )
      .trim();
    if (next === current) break;
    current = next;
  }
  return current;
}
