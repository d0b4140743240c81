import { describe, expect, it } from 'vitest';
import { automaticMailReason, baseSubject } from './mail-classify.ts';
import {
  agentReplyAddress,
  conversationReplyAddress,
  outgoingMessageId,
  replyTag,
  subjectNumber,
  verifyMessageId,
  verifyReplyTag,
  withSubjectNumber,
  withoutTag,
} from './mail-tokens.ts';

const id = '01a23b11-bbbd-79fd-96ea-077f98c5eff0';
const conversation = { id: '01a23b11-0000-7000-8000-000000000001', number: 42 };

describe('mail tokens', () => {
  it('signs Message-IDs so only the same secret verifies them', () => {
    const mid = outgoingMessageId('secret-a', id, 'acme.test');
    expect(mid).toMatch(/^kefu-01a23b11-bbbd-79fd-96ea-077f98c5eff0-[a-z0-9]{16}@acme\.test$/);
    expect(verifyMessageId('secret-a', mid)).toBe(id);
    expect(verifyMessageId('secret-b', mid)).toBeNull();
    expect(verifyMessageId('secret-a', mid.replace(/-([a-z0-9]{4})/, '-zzzz'))).toBeNull();
    expect(verifyMessageId('secret-a', 'someone@example.com')).toBeNull();
  });

  it('binds an agent reply address to the conversation and the agent', () => {
    const address = agentReplyAddress('s', 'support@acme.test', conversation, 'Agent@Acme.test');
    const tag = replyTag(address)!;
    expect(tag).toMatchObject({ kind: 'a', number: 42 });
    expect(verifyReplyTag('s', tag, conversation.id, 'agent@acme.test')).toBe(true);
    expect(verifyReplyTag('s', tag, conversation.id, 'mallory@acme.test')).toBe(false);
    expect(verifyReplyTag('s', tag, 'another-conversation', 'agent@acme.test')).toBe(false);
    const customer = replyTag(conversationReplyAddress('s', 'support@acme.test', conversation))!;
    expect(verifyReplyTag('s', customer, conversation.id, 'anyone@example.com')).toBe(true);
    expect(verifyReplyTag('t', customer, conversation.id, 'anyone@example.com')).toBe(false);
    expect(withoutTag(address)).toBe('support@acme.test');
  });

  it('reads and writes the subject number once', () => {
    expect(subjectNumber('Re: help [#12]')).toBe(12);
    expect(subjectNumber('help #12')).toBeNull();
    expect(withSubjectNumber('Re: help', 12)).toBe('Re: help [#12]');
    expect(withSubjectNumber('Re: help [#12]', 12)).toBe('Re: help [#12]');
  });
});

describe('mail classification', () => {
  const reason = (
    headers: Record<string, string>,
    envelopeFrom: string | null = 'a@b.c',
    from = 'a@b.c',
  ) =>
    automaticMailReason({
      headers: new Map(Object.entries(headers)),
      envelopeFrom,
      fromAddress: from,
    });

  it('recognises RFC 3834 and the common auto-reply markers', () => {
    expect(reason({ 'auto-submitted': 'auto-replied' })).toMatch(/Auto-Submitted/);
    expect(reason({ 'auto-submitted': 'no' })).toBeNull();
    expect(reason({ precedence: 'bulk' })).toMatch(/Precedence/);
    expect(reason({ precedence: 'first-class' })).toBeNull();
    expect(reason({ 'x-autoreply': 'yes' })).toBe('x-autoreply');
    expect(reason({ 'x-auto-response-suppress': 'OOF, AutoReply' })).toMatch(/Suppress/);
    expect(reason({ 'list-id': '<l.example.com>' })).toBe('mailing list');
    expect(reason({ 'content-type': 'multipart/report; report-type=delivery-status' })).toMatch(
      /report/,
    );
    expect(reason({}, '')).toBe('null return path');
    expect(reason({}, 'x@y.z', 'MAILER-DAEMON@mx.example.com')).toMatch(/mailer-daemon/i);
    expect(reason({})).toBeNull();
  });

  it('strips reply and forward prefixes in several languages', () => {
    expect(baseSubject('Re: RE: Fwd: order')).toBe('order');
    expect(baseSubject('回复：答复: 订单')).toBe('订单');
    expect(baseSubject('AW: WG: Bestellung')).toBe('Bestellung');
    expect(baseSubject('Re[2]: x')).toBe('x');
    expect(baseSubject('Regarding the order')).toBe('Regarding the order');
  });
});
