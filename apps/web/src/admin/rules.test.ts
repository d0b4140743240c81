import { describe, expect, it } from 'vitest';
import {
  canManageMember,
  invalidOrigins,
  invitableRoles,
  invitationState,
  keyFromLabel,
  parseLines,
  roleChoices,
} from './rules.ts';
import type { Invitation } from './types.ts';

describe('member rules', () => {
  it('lets owners manage everyone but owners, and never themselves', () => {
    expect(canManageMember('owner', 'admin', false)).toBe(true);
    expect(canManageMember('owner', 'owner', false)).toBe(false);
    expect(canManageMember('owner', 'agent', true)).toBe(false);
    expect(roleChoices('owner', 'agent', false)).toEqual(['admin', 'supervisor', 'agent']);
  });

  it('lets admins manage supervisors and agents only, without making admins', () => {
    expect(canManageMember('admin', 'admin', false)).toBe(false);
    expect(roleChoices('admin', 'agent', false)).toEqual(['supervisor', 'agent']);
    expect(roleChoices('admin', 'admin', false)).toEqual([]);
    expect(invitableRoles('admin')).toEqual(['supervisor', 'agent']);
    expect(invitableRoles('owner')).toEqual(['admin', 'supervisor', 'agent']);
  });

  it('gives agents and supervisors nothing to manage', () => {
    expect(roleChoices('supervisor', 'agent', false)).toEqual([]);
    expect(canManageMember('agent', 'agent', false)).toBe(false);
  });
});

describe('invitationState', () => {
  const base: Invitation = {
    id: '0190a000-0000-7000-8000-000000000001',
    email: 'a@example.com',
    role: 'agent',
    expiresAt: '2026-03-10T00:00:00Z',
    acceptedAt: null,
    createdAt: '2026-03-01T00:00:00Z',
  };
  const now = new Date('2026-03-05T00:00:00Z');
  it('tells pending, accepted and expired apart', () => {
    expect(invitationState(base, now)).toBe('pending');
    expect(invitationState({ ...base, acceptedAt: '2026-03-02T00:00:00Z' }, now)).toBe('accepted');
    expect(invitationState({ ...base, expiresAt: '2026-03-04T00:00:00Z' }, now)).toBe('expired');
  });
});

describe('text helpers', () => {
  it('splits lines, trims and drops blanks and repeats', () => {
    expect(parseLines(' a \n\nb\r\na\n  ')).toEqual(['a', 'b']);
  });

  it('finds origins with a path, a query or no scheme', () => {
    expect(
      invalidOrigins([
        'https://shop.example.com',
        'http://localhost:3000',
        'https://x.com/path',
        'shop.example.com',
      ]),
    ).toEqual(['https://x.com/path', 'shop.example.com']);
  });

  it('derives a field key from a label', () => {
    expect(keyFromLabel('Order number')).toBe('order_number');
    expect(keyFromLabel('  2nd Order ID!')).toBe('nd_order_id');
    expect(keyFromLabel('订单号')).toBe('');
  });
});
