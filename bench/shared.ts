// What the generator and the runner share: where the benchmark databases live, the owner's
// credentials, how Kefu is configured for them, and how results are written.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { loadConfig } from '../apps/server/src/config.ts';

export type Target = 'postgres' | 'pglite';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const resultsDir = path.join(repoRoot, 'bench', 'results');

export const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/kefu_bench';
export const defaultPgliteDir = path.join(repoRoot, '.tmp', 'bench-pglite');
export const defaultConversations: Record<Target, number> = {
  postgres: 1_000_000,
  pglite: 100_000,
};

/** The workspace owner the generator signs up and the runner signs in as. */
export const benchOwner = {
  workspaceName: 'Kefu Bench 压测',
  name: 'Bench Owner 压测管理员',
  email: 'owner@bench.kefu.local',
  password: 'kefu-bench-2026',
};

/**
 * The generator drops and re-creates the benchmark database, so it only ever works on a
 * database whose name starts with kefu_bench (never `test`, kefu_t_* or kefu_tpl_*).
 */
export function benchDatabase(url: string): { name: string; adminUrl: string } {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^kefu_bench[a-z0-9_]*$/.test(name)) {
    throw new Error(
      `Refusing to use database "${name}": the benchmark database must be named kefu_bench…`,
    );
  }
  parsed.pathname = '/postgres';
  return { name, adminUrl: parsed.toString() };
}

/** Kefu's configuration for a benchmark run: no demo seed, quiet logs, a local port. */
export function benchConfig(
  target: Target,
  where: { url: string; pgliteDir: string },
  poolSize?: number,
) {
  return loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    SMTP_PORT: 'off',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    ...(target === 'postgres'
      ? { DATABASE_URL: where.url, DATA_DIR: path.join(repoRoot, '.tmp', 'bench-data') }
      : { DATA_DIR: where.pgliteDir }),
    ...(poolSize ? { DATABASE_POOL_SIZE: String(poolSize) } : {}),
  });
}

/** 1000000 → 1m, 100000 → 100k: used in result file names. */
export function sizeLabel(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}

/** Reads a positive integer option (flag value or environment variable). */
export function positiveInt(value: string | undefined, fallback: number, what: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer`);
  return n;
}

export function targetOf(value: string | undefined, fallback: Target): Target {
  const v = value ?? fallback;
  if (v !== 'postgres' && v !== 'pglite') throw new Error(`--db must be postgres or pglite`);
  return v;
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

/** Writes JSON formatted the way the repository's Prettier check expects. */
export async function writeJson(file: string, data: unknown) {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const options = (await resolveConfig(file)) ?? {};
  const text = await format(JSON.stringify(data), { ...options, filepath: file });
  await fs.writeFile(file, text);
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
