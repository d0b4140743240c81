import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const booleanish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(6),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLES: z
    .string()
    .default('api,realtime,worker,scheduler')
    .transform((v) => v.split(',').map((s) => s.trim()))
    .pipe(z.array(z.enum(['api', 'realtime', 'worker', 'scheduler'])).min(1)),
  SEED_DEMO: booleanish.default(true),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  TRUST_PROXY: booleanish.default(false),
  /** Where scripts/build-frontends.mjs put the browser apps (npm start builds them there). */
  PUBLIC_DIR: z.string().min(1).optional(),
  /** Kefu's own SMTP listener for inbound mail: a port (0 picks a free one) or `off`. */
  SMTP_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)], {
      error: 'must be a port number or off',
    })
    .default(2525),
  SMTP_HOST: z.string().min(1).optional(),
  /** The outgoing mail server for mailboxes without their own: smtp://user:pass@host:port. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Mail above this size is refused at the listener (the sender's server returns it). */
  EMAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /** Background jobs (mail processing and sending, clocks) one worker runs side by side. */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Days finished background jobs are kept: done ones, and failed ones with their error. */
  JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  FAILED_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
});

// `npm start` bundles the server elsewhere and tells it where the repository's build output is.
const builtPublicDir =
  process.env.KEFU_PUBLIC_DIR ?? fileURLToPath(new URL('../../../.tmp/public', import.meta.url));

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof EnvSchema>) {
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    dataDir,
    database: env.DATABASE_URL
      ? ({ kind: 'postgres', url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE } as const)
      : ({ kind: 'pglite', dir: path.join(dataDir, 'db') } as const),
    redisUrl: env.REDIS_URL ?? null,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL,
    roles: new Set(env.ROLES),
    seedDemo: env.SEED_DEMO,
    blobDir: path.join(dataDir, 'blobs'),
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    trustProxy: env.TRUST_PROXY,
    jobConcurrency: env.JOB_CONCURRENCY,
    jobRetention: { doneDays: env.JOB_RETENTION_DAYS, failedDays: env.FAILED_JOB_RETENTION_DAYS },
    publicDir: path.resolve(env.PUBLIC_DIR ?? builtPublicDir),
    mail: {
      listenPort: env.SMTP_PORT === 'off' ? null : env.SMTP_PORT,
      listenHost: env.SMTP_HOST ?? env.HOST,
      smtpUrl: env.SMTP_URL ?? null,
      maxBytes: env.EMAIL_MAX_BYTES,
      imapPollMs: env.IMAP_POLL_SECONDS * 1000,
    },
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Kefu cannot start; fix these environment variables:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/**
 * Parses the environment once at start-up. Every bad variable is reported together, so an
 * operator fixes them in one go rather than one restart at a time.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const value = present[name];
        return `${name}: ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`;
      }),
    );
  }
  return toConfig(parsed.data);
}
