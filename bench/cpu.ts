// CPU use during a benchmark phase, from /proc: the whole machine, this process (Kefu, and PGlite
// when it runs in-process), PostgreSQL's processes, and everything else.
import fs from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

export interface CpuSnapshot {
  at: number;
  machineBusy: number;
  machineTotal: number;
  /** CPU jiffies of every postgres process (all databases). */
  postgres: Map<number, number>;
  /** This process (Kefu, PGlite and the load generator's worker thread), in µs. */
  selfMicros: number;
}

const jiffiesPerSecond = 100;

/** CPU counters from /proc (Linux); null elsewhere. */
export async function cpuSnapshot(): Promise<CpuSnapshot | null> {
  try {
    const line = (await fs.readFile('/proc/stat', 'utf8')).split('\n')[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    const postgres = new Map<number, number>();
    for (const pid of await fs.readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
        const rest = stat.slice(close + 2).split(' ');
        postgres.set(Number(pid), Number(rest[11]) + Number(rest[12]));
      } catch {
        // the process ended
      }
    }
    const self = process.cpuUsage();
    return {
      at: performance.now(),
      machineBusy: total - idle,
      machineTotal: total,
      postgres,
      selfMicros: self.user + self.system,
    };
  } catch {
    return null;
  }
}

/**
 * Average cores used between two snapshots: the whole machine, this process (Kefu and the load
 * generator), PostgreSQL (every database), and everything else (other people's work).
 */
export function cpuBetween(before: CpuSnapshot | null, after: CpuSnapshot | null) {
  if (!before || !after || after.machineTotal <= before.machineTotal) return null;
  const wall = (after.at - before.at) / 1000;
  const cores = os.cpus().length;
  const machine =
    ((after.machineBusy - before.machineBusy) / (after.machineTotal - before.machineTotal)) * cores;
  let pgJiffies = 0;
  for (const [pid, j] of after.postgres) pgJiffies += j - (before.postgres.get(pid) ?? 0);
  const postgres = pgJiffies / jiffiesPerSecond / wall;
  const runner = (after.selfMicros - before.selfMicros) / 1e6 / wall;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    machine: round(machine),
    runner: round(runner),
    postgres: round(postgres),
    others: round(Math.max(0, machine - runner - postgres)),
  };
}
