import { hash, verify } from '@node-rs/argon2';

/** Hashes and checks passwords; a port so unit tests can use a fast fake. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Checks a password. With a null hash (no such account) it still does the same work and
   * answers false, so the response time does not reveal whether an account exists.
   */
  verify(passwordHash: string | null, password: string): Promise<boolean>;
}

// argon2id (algorithm 2) with OWASP's recommended minimum: 19 MiB, 2 passes, 1 lane.
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

let dummyHash: Promise<string> | null = null;

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, options),
  async verify(passwordHash, password) {
    dummyHash ??= hash('kefu-timing-equaliser', options);
    const target = passwordHash ?? (await dummyHash);
    try {
      const ok = await verify(target, password);
      return passwordHash !== null && ok;
    } catch {
      return false;
    }
  },
};
