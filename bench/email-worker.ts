// A second (third, …) Kefu process for the inbound-mail benchmark (email-inbound.ts --workers):
// the `worker` role only, on the benchmark's database and data directory, taking
// `email.process` jobs beside the others as a deployment with more worker processes would.
// Forked with the config in its environment; answers "stop" with the job times and its CPU.
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../apps/server/src/config.ts';
import { processInboundJob } from '../apps/server/src/modules/email/inbound-mail.service.ts';
import { createKefu } from '../apps/server/src/server.ts';

const config = loadConfig({
  ...process.env,
  ROLES: 'worker',
  SMTP_PORT: 'off',
  HOST: '127.0.0.1',
  PORT: '0',
  SEED_DEMO: 'false',
  LOG_LEVEL: 'warn',
});
const kefu = await createKefu(config, {
  jobs: 'auto',
  inboundMail: { floodLimit: 1_000_000_000, floodWindowMs: 600_000 },
});
const durations: number[] = [];
const processor = kefu.services.email.processor;
kefu.jobs.register({
  kind: processInboundJob,
  run: async (job) => {
    const t = performance.now();
    try {
      return await processor.run(job);
    } finally {
      durations.push(performance.now() - t);
    }
  },
});
const cpuAtStart = process.cpuUsage();
process.on('message', (message) => {
  if (message !== 'stop') return;
  const cpu = process.cpuUsage(cpuAtStart);
  void kefu.close().then(() => {
    process.send!({ durations, cpuMicros: cpu.user + cpu.system }, () => process.exit(0));
  });
});
process.send!('ready');
