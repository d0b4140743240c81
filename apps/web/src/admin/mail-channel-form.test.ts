import { describe, expect, it } from 'vitest';
import { draftOf, draftProblems, mailChannelBody } from './mail-channel-form.ts';
import type { MailChannel } from './types.ts';

const saved: MailChannel = {
  id: 'ch1',
  name: 'Support',
  address: 'support@acme.test',
  fromName: 'Acme',
  smtpServer: 'smtps://bot@smtp.acme.test:465',
  imap: {
    host: 'imap.acme.test',
    port: 993,
    secure: true,
    user: 'bot',
    mailbox: 'INBOX',
    uidValidity: null,
    lastUid: null,
    lastPolledAt: null,
    lastError: null,
  },
  autoAcknowledge: false,
  enabled: true,
  oversizeRejected: 0,
  needsAttention: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('mail channel form', () => {
  it('creates a channel with everything, empty optional values as null', () => {
    const draft = { ...draftOf(null), name: ' Help ', address: 'help@acme.test ' };
    expect(draftProblems(draft, null)).toEqual({});
    expect(mailChannelBody(draft, null)).toEqual({
      name: 'Help',
      address: 'help@acme.test',
      fromName: null,
      smtpUrl: null,
      imap: null,
      autoAcknowledge: false,
      enabled: true,
    });
  });

  it('leaves out the outgoing server and IMAP of an edit that did not touch them', () => {
    const draft = { ...draftOf(saved), name: 'Helpdesk' };
    expect(draftProblems(draft, saved)).toEqual({});
    expect(mailChannelBody(draft, saved)).toEqual({
      name: 'Helpdesk',
      fromName: 'Acme',
      autoAcknowledge: false,
      enabled: true,
    });
  });

  it('sends a new outgoing server, and null when the field is cleared', () => {
    const changed = { ...draftOf(saved), smtpUrl: 'smtp://a:b@mail.acme.test:587' };
    expect(mailChannelBody(changed, saved).smtpUrl).toBe('smtp://a:b@mail.acme.test:587');
    expect(mailChannelBody({ ...draftOf(saved), smtpUrl: ' ' }, saved).smtpUrl).toBeNull();
    expect(draftProblems({ ...draftOf(saved), smtpUrl: 'http://x' }, saved)).toEqual({
      smtpUrl: 'smtpUrl',
    });
  });

  it('asks for the IMAP password again when IMAP settings change, and removes IMAP', () => {
    const changed = { ...draftOf(saved), imapHost: 'imap2.acme.test' };
    expect(draftProblems(changed, saved)).toEqual({ imapPassword: 'imapPassword' });
    expect(mailChannelBody({ ...changed, imapPassword: 'secret' }, saved).imap).toEqual({
      host: 'imap2.acme.test',
      port: 993,
      secure: true,
      user: 'bot',
      password: 'secret',
      mailbox: 'INBOX',
    });
    expect(mailChannelBody({ ...draftOf(saved), useImap: false }, saved).imap).toBeNull();
  });

  it('checks the address, the port and the IMAP fields before asking the server', () => {
    const draft = {
      ...draftOf(null),
      name: 'Help',
      address: 'not-an-address',
      useImap: true,
      imapPort: '99999',
    };
    expect(draftProblems(draft, null)).toEqual({
      address: 'address',
      imapPort: 'imapPort',
      imapHost: 'imapIncomplete',
      imapUser: 'imapIncomplete',
      imapPassword: 'imapPassword',
    });
  });
});
