/** Staff accounts: usernames and roles. Pure. */
import type { StaffRole } from '../db/schema.ts';

const USERNAME = /^[a-z0-9._-]{2,32}$/;
const MAX_USERNAME_INPUT = 100;

export const staffRoles: readonly StaffRole[] = ['desk', 'admin'];

export type UsernameResult = { ok: true; username: string } | { ok: false; reason: 'empty' | 'format' };

/** A username as stored: NFKC (full-width letters from a Japanese keyboard), trimmed, lower-case. */
export function parseUsername(input: string): UsernameResult {
  if (input.length > MAX_USERNAME_INPUT) return { ok: false, reason: 'format' };
  const username = input.normalize('NFKC').trim().toLowerCase();
  if (username === '') return { ok: false, reason: 'empty' };
  return USERNAME.test(username) ? { ok: true, username } : { ok: false, reason: 'format' };
}

export function parseRole(input: string | undefined): StaffRole | null {
  return staffRoles.find((role) => role === input) ?? null;
}

/** Admins may do everything a desk may; a desk account never reaches admin pages. */
export function roleAllows(role: StaffRole, needed: StaffRole): boolean {
  return needed === 'desk' || role === 'admin';
}
