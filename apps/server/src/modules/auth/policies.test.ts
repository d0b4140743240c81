import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { can, canChangeRole } from './policies.ts';

const user = (role: 'owner' | 'admin' | 'supervisor' | 'agent'): Actor => ({
  kind: 'user',
  userId: 'u',
  workspaceId: 'w',
  role,
  sessionId: 's',
  ip: null,
});
const token = (
  ...scopes: (
    'conversations:read' | 'conversations:write' | 'customers:read' | 'customers:write' | 'admin'
  )[]
): Actor => ({
  kind: 'api_token',
  tokenId: 't',
  workspaceId: 'w',
  scopes,
  ip: null,
});

describe('policies', () => {
  it('lets every member handle conversations but only admins administer', () => {
    expect(can(user('agent'), 'conversations:write')).toBe(true);
    expect(can(user('agent'), 'admin')).toBe(false);
    expect(can(user('agent'), 'supervisor')).toBe(false);
    expect(can(user('supervisor'), 'supervisor')).toBe(true);
    expect(can(user('supervisor'), 'admin')).toBe(false);
    expect(can(user('admin'), 'admin')).toBe(true);
    expect(can(user('owner'), 'admin')).toBe(true);
  });

  it('limits API tokens to their scopes, with write implying read', () => {
    expect(can(token('conversations:read'), 'conversations:read')).toBe(true);
    expect(can(token('conversations:read'), 'conversations:write')).toBe(false);
    expect(can(token('conversations:write'), 'conversations:read')).toBe(true);
    expect(can(token('conversations:write'), 'customers:read')).toBe(false);
    expect(can(token('customers:write'), 'admin')).toBe(false);
    expect(can(token('admin'), 'admin')).toBe(true);
  });

  it('never lets anyone make or unmake an owner, and keeps admins below owners', () => {
    expect(canChangeRole('owner', 'agent', 'admin')).toBe(true);
    expect(canChangeRole('owner', 'agent', 'owner')).toBe(false);
    expect(canChangeRole('owner', 'owner', 'admin')).toBe(false);
    expect(canChangeRole('admin', 'agent', 'supervisor')).toBe(true);
    expect(canChangeRole('admin', 'agent', 'admin')).toBe(false);
    expect(canChangeRole('admin', 'admin', 'agent')).toBe(false);
    expect(canChangeRole('supervisor', 'agent', 'supervisor')).toBe(false);
  });
});
