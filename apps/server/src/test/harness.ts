import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { TokenScope } from '@kefu/contracts';
import { newId } from '../lib/ids.ts';
import { hashSecret, randomSecret } from '../lib/secrets.ts';
import { createRepositories } from '../repositories/index.ts';
import { createKefu, type Kefu, type KefuOptions } from '../server.ts';
import { type DatabaseKind, freshDatabase } from './databases.ts';

/** An in-process Kefu on a fresh database of one kind, for HTTP tests through `inject()`. */
export async function startTestKefu(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  options: Omit<KefuOptions, 'database'> = {},
): Promise<Kefu> {
  const database: Database = await freshDatabase(kind);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DATA_DIR: '.tmp/test-data',
    NODE_ENV: 'test',
    SMTP_PORT: 'off',
    ...env,
  });
  return createKefu(config, { ...options, database });
}

/** A Kefu node on an existing database URL (cluster tests start several on one database). */
export async function startTestNode(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: Omit<KefuOptions, 'database'> = {},
): Promise<Kefu> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DATA_DIR: '.tmp/test-data',
    NODE_ENV: 'test',
    SMTP_PORT: 'off',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    ...env,
  });
  return createKefu(config, options);
}

/** Creates an API token straight in the database and returns its secret. */
export async function createApiToken(
  kefu: Kefu,
  workspaceId: string,
  scopes: TokenScope[],
): Promise<string> {
  const secret = randomSecret(32, 'kefu_');
  await createRepositories(kefu.database.db).auth.insertApiToken({
    id: newId(),
    workspaceId,
    name: 'test token',
    prefix: secret.slice(0, 12),
    tokenHash: hashSecret(secret),
    scopes,
    createdBy: null,
  });
  return secret;
}

/** A signed-in workspace owner: their cookie, CSRF token and workspace. */
export interface SignedIn {
  cookie: string;
  csrf: string;
  workspaceId: string;
  userId: string;
  name: string;
}

let counter = 0;

/** Signs up a new workspace and returns its owner's session. */
export async function signUp(app: FastifyInstance, name = 'Acme'): Promise<SignedIn> {
  counter += 1;
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: {
      workspaceName: `${name} ${counter}`,
      name: `Owner ${counter}`,
      email: `owner${counter}-${Date.now()}@example.com`,
      password: 'correct horse battery',
    },
  });
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.body}`);
  return sessionFrom(response);
}

export function sessionFrom(response: LightMyRequestResponse): SignedIn {
  const cookie = response.cookies.find((c) => c.name === 'kefu_session');
  const body = response.json<{
    csrfToken: string;
    workspace: { id: string };
    user: { id: string; name: string };
  }>();
  if (!cookie) throw new Error('no session cookie');
  return {
    cookie: `kefu_session=${cookie.value}`,
    csrf: body.csrfToken,
    workspaceId: body.workspace.id,
    userId: body.user.id,
    name: body.user.name,
  };
}

/** Request options that authenticate as `who`. */
export function as(who: SignedIn) {
  return { headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } };
}
