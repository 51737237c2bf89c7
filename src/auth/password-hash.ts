/**
 * argon2id at OWASP's parameters (the package's defaults are below them).
 * Each hash is costly by design: only sign-in and password changes hash.
 */
import { hash, verify } from '@node-rs/argon2';

const OWASP = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OWASP);
}

/** False for a wrong password or a malformed stored hash; never throws on user input. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
