/**
 * A Kefu worker for process-level crash tests (email-kill.api.test.ts): `node --import tsx` runs
 * it with the database and data directory in the environment. It arms the failpoints named in
 * KEFU_FAILPOINTS (`name=kill` makes the process SIGKILL itself there), runs its clock
 * KEFU_CLOCK_SKEW_MS ahead (a restarted worker "later", past the dead worker's job leases),
 * listens for SMTP and HTTP on loopback, and prints one JSON line with both ports when ready.
 */
import { loadConfig } from '../config.ts';
import { failpoints } from '../modules/jobs/failpoints.ts';
import { createKefu } from '../server.ts';

failpoints.armFromSpec(process.env.KEFU_FAILPOINTS);
const skew = Number(process.env.KEFU_CLOCK_SKEW_MS ?? 0);
const config = loadConfig({
  ...process.env,
  HOST: '127.0.0.1',
  PORT: '0',
  SMTP_PORT: '0',
  SMTP_HOST: '127.0.0.1',
  SEED_DEMO: 'false',
  NODE_ENV: 'test',
});
const kefu = await createKefu(config, {
  jobs: 'auto',
  clock: { now: () => new Date(Date.now() + skew) },
});
await kefu.app.listen({ host: '127.0.0.1', port: 0 });
const address = kefu.app.server.address();
const httpPort = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ ready: true, smtpPort: kefu.smtpPort, httpPort })}\n`);
process.once('SIGTERM', () => {
  void kefu.close().then(() => process.exit(0));
});
