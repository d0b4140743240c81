import { describe, expect, it } from 'vitest';
import { actorRef } from '../auth/actor.ts';
import { type Permission, can } from '../auth/policies.ts';
import type { VisitorActor } from './visitor-session.service.ts';

describe('the visitor actor', () => {
  const visitor: VisitorActor = {
    kind: 'visitor',
    visitorId: '0190a4c8-0000-7000-8000-000000000001',
    customerId: '0190a4c8-0000-7000-8000-000000000002',
    workspaceId: '0190a4c8-0000-7000-8000-000000000003',
    identified: false,
    ip: null,
  };

  it('holds no permission at all, and is recorded as the customer', () => {
    const permissions: Permission[] = [
      'conversations:read',
      'conversations:write',
      'customers:read',
      'customers:write',
      'supervisor',
      'admin',
    ];
    for (const permission of permissions) expect(can(visitor, permission)).toBe(false);
    expect(actorRef(visitor)).toEqual({ actorType: 'customer', actorId: visitor.customerId });
  });
});
