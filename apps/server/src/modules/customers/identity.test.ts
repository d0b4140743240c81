import { describe, expect, it } from 'vitest';
import { identityKey } from './identity.ts';

describe('identityKey', () => {
  it('normalises emails and phone numbers so one person has one key', () => {
    expect(identityKey('email', ' Ada@Example.COM ')).toBe('ada@example.com');
    expect(identityKey('phone', '+86 139-0000-1111')).toBe('+8613900001111');
    expect(identityKey('phone', '(020) 7946 0018')).toBe('02079460018');
    expect(identityKey('external', ' CRM-42 ')).toBe('CRM-42');
  });

  it('refuses values that are not what their kind says', () => {
    expect(() => identityKey('email', 'not an email')).toThrow('valid email');
    expect(() => identityKey('phone', '12')).toThrow('valid phone');
  });
});
