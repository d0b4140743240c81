import { rm } from 'node:fs/promises';
import path from 'node:path';
import { buildFrontends, root } from '../../scripts/build-frontends.mjs';
import { loadConfig } from '../../apps/server/src/config.ts';
import { createRepositories } from '../../apps/server/src/repositories/index.ts';
import { createKefu, type Kefu } from '../../apps/server/src/server.ts';
import { freshDatabase } from '../../apps/server/src/test/databases.ts';

export interface RunningKefu {
  kefu: Kefu;
  url: string;
  stop(): Promise<void>;
}

/**
 * A real Kefu for the browser: the apps built with the production build, the demo workspace
 * seeded, listening on a free port of 127.0.0.1, on a fresh PGlite database. The demo's answer
 * bot is on, as a new user finds it; it is turned off unless `answerBot` is set, so the widget
 * opens on the chat composer for the tests of live chat.
 */
export async function startBrowserKefu(
  options: { answerBot?: boolean } = {},
): Promise<RunningKefu> {
  const run = `${process.env.KEFU_TEST_RUN ?? 'local'}-${process.pid}`;
  const publicDir = path.join(root, '.tmp', `e2e-public-${run}`);
  const dataDir = path.join(root, '.tmp', `e2e-data-${run}`);
  await buildFrontends({ outDir: publicDir });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    DATA_DIR: dataDir,
    PUBLIC_DIR: publicDir,
    NODE_ENV: 'test',
    SMTP_PORT: 'off',
    HOST: '127.0.0.1',
    PORT: '0',
  });
  const kefu = await createKefu(config, { database: await freshDatabase('pglite') });
  if (!options.answerBot) {
    const db = kefu.database.db;
    const workspace = await db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow();
    await createRepositories(db).answerBot.saveSettings(
      workspace.id,
      { enabled: false },
      new Date(),
    );
  }
  const address = await kefu.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    kefu,
    url: address,
    async stop() {
      await kefu.close();
      await rm(publicDir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
