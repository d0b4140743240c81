import type { Role, TokenScope } from '@kefu/contracts';

/** Who is making a request, already authenticated and bound to one workspace. */
export type Actor =
  | {
      kind: 'user';
      userId: string;
      workspaceId: string;
      role: Role;
      sessionId: string;
      ip: string | null;
    }
  | {
      kind: 'api_token';
      tokenId: string;
      workspaceId: string;
      scopes: TokenScope[];
      ip: string | null;
    }
  /**
   * A chat-widget visitor, bound to one customer. Holds no permissions: visitor routes check
   * ownership themselves and call the conversation services with this actor.
   */
  | {
      kind: 'visitor';
      visitorId: string;
      customerId: string;
      workspaceId: string;
      /** A signed identity token vouched for this visitor. */
      identified: boolean;
      ip: string | null;
    };

/** The actor's id as it appears in timelines and audit entries. */
export function actorRef(actor: Actor): {
  actorType: 'user' | 'api_token' | 'customer';
  actorId: string;
} {
  switch (actor.kind) {
    case 'user':
      return { actorType: 'user', actorId: actor.userId };
    case 'api_token':
      return { actorType: 'api_token', actorId: actor.tokenId };
    case 'visitor':
      return { actorType: 'customer', actorId: actor.customerId };
  }
}
