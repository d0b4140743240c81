/**
 * Named places where a test can make the process "die": `failpoint(name)` throws a
 * ProcessCrash there once armed. The job runner lets a ProcessCrash through without recording
 * anything, so the database is left exactly as a killed worker leaves it: the open transaction
 * rolled back and the job still leased. Unarmed, a failpoint costs one Set lookup.
 */
export class ProcessCrash extends Error {
  constructor(readonly point: string) {
    super(`simulated crash at ${point}`);
  }
}

const armed = new Set<string>();

export const failpoints = {
  arm(name: string) {
    armed.add(name);
  },
  disarmAll() {
    armed.clear();
  },
};

/** Throws ProcessCrash when a test armed this point; each arming fires once. */
export function failpoint(name: string): void {
  if (armed.delete(name)) throw new ProcessCrash(name);
}
