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

/** A staff password's length, as add-staff asks for it (staff sign in at shared counters, so never short). */
export const STAFF_PASSWORD_LENGTH = { min: 8, max: 200 } as const;

/** Why a new staff password is refused, or null when it is fine. */
export function staffPasswordProblem(password: string): 'tooShort' | 'tooLong' | null {
  if (password.length < STAFF_PASSWORD_LENGTH.min) return 'tooShort';
  return password.length > STAFF_PASSWORD_LENGTH.max ? 'tooLong' : null;
}
