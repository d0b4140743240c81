import { describe, expect, it } from 'vitest';
import {
  applyDelivery,
  formatAddress,
  formatAddresses,
  knownReason,
  parseAddressList,
} from './email.ts';
import { MessageStore } from './message-store.ts';
import type { Message, MessageEmail } from './types.ts';

const email = (overrides: Partial<MessageEmail> = {}): MessageEmail => ({
  direction: 'outbound',
  from: { address: 'support@acme.test', name: 'Acme' },
  to: [{ address: 'li@example.cn', name: null }],
  cc: [],
  subject: 'Re: Order',
  flags: [],
  deliveryStatus: 'queued',
  deliveryError: null,
  sentAt: null,
  hasQuotedText: false,
  ...overrides,
});

const message = (id: string, part: MessageEmail | null = email()): Message => ({
  id,
  conversationId: 'c1',
  authorType: 'agent',
  authorId: 'a1',
  visibility: 'public',
  body: 'Hello',
  html: null,
  attachments: [],
  createdAt: '2026-01-01T10:00:00.000Z',
  email: part,
});

describe('formatAddress', () => {
  it('shows the name with the address, or the bare address', () => {
    expect(formatAddress({ address: 'li@example.cn', name: '李雷' })).toBe('李雷 <li@example.cn>');
    expect(formatAddress({ address: 'li@example.cn', name: null })).toBe('li@example.cn');
    expect(formatAddress({ address: 'li@example.cn', name: ' ' })).toBe('li@example.cn');
    expect(formatAddress({ address: 'li@example.cn', name: 'li@example.cn' })).toBe(
      'li@example.cn',
    );
  });

  it('joins lists with commas', () => {
    expect(
      formatAddresses([
        { address: 'a@x.cn', name: 'A' },
        { address: 'b@x.cn', name: null },
      ]),
    ).toBe('A <a@x.cn>, b@x.cn');
  });
});

describe('parseAddressList', () => {
  it('reads comma, semicolon and space separated addresses, each once', () => {
    expect(parseAddressList('a@x.cn, b@x.cn; c@x.cn d@x.cn,A@X.CN')).toEqual({
      addresses: ['a@x.cn', 'b@x.cn', 'c@x.cn', 'd@x.cn'],
      invalid: [],
    });
  });

  it('takes the address out of Name <address>, even with a comma in a quoted name', () => {
    expect(parseAddressList('"Li, Wei" <li@example.cn>, 王芳 <wang@example.cn>')).toEqual({
      addresses: ['li@example.cn', 'wang@example.cn'],
      invalid: [],
    });
  });

  it('reports what is not an address', () => {
    expect(parseAddressList('a@x.cn, nobody, b@, <c@d>')).toEqual({
      addresses: ['a@x.cn'],
      invalid: ['nobody', 'b@', '<c@d>'],
    });
  });

  it('returns nothing for an empty field', () => {
    expect(parseAddressList(' ,  ; ')).toEqual({ addresses: [], invalid: [] });
  });
});

describe('applyDelivery', () => {
  const at = '2026-01-01T10:00:05.000Z';

  it('moves the status on and records when a mail was sent', () => {
    const sent = applyDelivery(message('m1'), { status: 'sent', error: null, at });
    expect(sent.email).toMatchObject({ deliveryStatus: 'sent', sentAt: at, deliveryError: null });
  });

  it('keeps the reason of a failure and leaves messages without email alone', () => {
    const failed = applyDelivery(message('m1'), {
      status: 'failed',
      error: '550 no such user',
      at,
    });
    expect(failed.email).toMatchObject({
      deliveryStatus: 'failed',
      deliveryError: '550 no such user',
    });
    const chat = message('m2', null);
    expect(applyDelivery(chat, { status: 'sent', error: null, at })).toBe(chat);
  });

  it('returns the same object when nothing changes', () => {
    const sent = message('m1', email({ deliveryStatus: 'sent', sentAt: at }));
    expect(applyDelivery(sent, { status: 'sent', error: null, at: 'later' })).toBe(sent);
  });
});

describe('MessageStore deliveries', () => {
  const at = '2026-01-01T10:00:05.000Z';

  it('updates a reply in its thread and tells subscribers', () => {
    const store = new MessageStore();
    store.add('c1', [message('m1')]);
    const changed: string[] = [];
    store.subscribe((id) => changed.push(id));
    store.setDelivery('c1', 'm1', { status: 'sending', error: null, at });
    expect(store.get('c1')[0]!.email?.deliveryStatus).toBe('sending');
    expect(changed).toEqual(['c1']);
  });

  it('keeps the newer state when an older copy of the message arrives afterwards', () => {
    const store = new MessageStore();
    store.add('c1', []);
    // The event saying "sent" came before the POST answer that still says "queued".
    store.setDelivery('c1', 'm1', { status: 'sent', error: null, at });
    store.add('c1', [message('m1')]);
    expect(store.get('c1')[0]!.email).toMatchObject({ deliveryStatus: 'sent', sentAt: at });
  });
});

describe('knownReason', () => {
  it('knows the server reason codes and nothing else', () => {
    expect(knownReason('too_complex')).toBe('too_complex');
    expect(knownReason('something_new')).toBeNull();
    expect(knownReason(null)).toBeNull();
  });
});
