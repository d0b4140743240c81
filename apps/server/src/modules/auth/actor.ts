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
    };

/** The actor's id as it appears in timelines and audit entries. */
export function actorRef(actor: Actor): { actorType: 'user' | 'api_token'; actorId: string } {
  return actor.kind === 'user'
    ? { actorType: 'user', actorId: actor.userId }
    : { actorType: 'api_token', actorId: actor.tokenId };
}
