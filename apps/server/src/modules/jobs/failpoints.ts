/**
 * Named places where a test can make the process "die". Two modes:
 * - `throw` (in-process tests): `failpoint(name)` throws a ProcessCrash there. The job runner
 *   lets it through without recording anything, so the database is left as a killed worker
 *   leaves it: the open transaction rolled back and the job still leased.
 * - `kill` (process-level tests): the process sends itself SIGKILL there, so nothing after that
 *   point runs: no rollback by our code, no "451", no cleanup; the database and the SMTP client
 *   see exactly what a crash shows them.
 * Arming happens only in tests (`arm`, or `armFromSpec` from a test's child-process entry);
 * unarmed, a failpoint costs one Map lookup.
 */
export class ProcessCrash extends Error {
  constructor(readonly point: string) {
    super(`simulated crash at ${point}`);
  }
}

export type FailpointMode = 'throw' | 'kill';

const armed = new Map<string, FailpointMode>();

export const failpoints = {
  arm(name: string, mode: FailpointMode = 'throw') {
    armed.set(name, mode);
  },
  /**
   * Arms from a spec such as `mail.send.after-smtp=kill,mail.receive.after-blob` (mode defaults
   * to throw); a child process started by a kill test passes it in an environment variable.
   * @example failpoints.armFromSpec(process.env.KEFU_FAILPOINTS)
   */
  armFromSpec(spec: string | undefined) {
    for (const entry of (spec ?? '').split(',')) {
      const [name = '', mode = 'throw'] = entry.trim().split('=');
      if (!name) continue;
      if (mode !== 'throw' && mode !== 'kill')
        throw new Error(`failpoint ${name}: bad mode ${mode}`);
      armed.set(name, mode);
    }
  },
  disarmAll() {
    armed.clear();
  },
};

/** Throws ProcessCrash, or kills the process, when a test armed this point; each arming fires once. */
export function failpoint(name: string): void {
  const mode = armed.get(name);
  if (!mode) return;
  armed.delete(name);
  if (mode === 'kill') process.kill(process.pid, 'SIGKILL');
  // SIGKILL to oneself is delivered before the call returns; the throw is a belt for the braces.
  throw new ProcessCrash(name);
}
