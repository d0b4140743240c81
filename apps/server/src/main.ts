import { ConfigError, loadConfig } from './config.ts';
import { homePath } from './modules/knowledge/help-center-urls.ts';
import { demoLogin, demoMailbox, demoWidgetKey } from './seed/demo.ts';
import { createKefu } from './server.ts';

/* eslint-disable no-console -- the start-up banner is for the person at the terminal */
async function main() {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const kefu = await createKefu(config);
  await kefu.app.listen({ host: config.host, port: config.port });
  const address = kefu.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.includes(`:${config.port}`)
    ? config.publicUrl.replace(`:${config.port}`, `:${port}`)
    : config.publicUrl;
  const where =
    config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dir}` : 'PostgreSQL';
  console.log(
    `\nKefu is running at ${url} (${where}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  console.log(`Agent workspace: ${url}/app/`);
  if (kefu.smtpPort !== null) {
    console.log(
      `Inbound mail (SMTP): ${config.mail.listenHost}:${kefu.smtpPort}${config.seedDemo ? ` — send to ${demoMailbox}` : ''}`,
    );
  }
  if (config.seedDemo) {
    console.log(
      `Demo login: ${demoLogin.email} / ${demoLogin.password}${kefu.seeded ? ' (demo workspace created)' : ''}`,
    );
    console.log(`Demo shop with the chat widget: ${url}/demo`);
    const help = await kefu.services.helpCenter.site(demoWidgetKey);
    if (help) console.log(`Demo help center: ${url}${homePath(help.slug, help.locales[0]!)}`);
    console.log('');
  }
  const stop = async () => {
    await kefu.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

await main();
