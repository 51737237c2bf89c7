/**
 * Account settings rules: how long a confirmation link lives, and how many
 * mails a patron may have sent to themselves. Pure: no I/O, `now` passed in.
 */

/** A confirmation link works this long after it was mailed. */
export const CONFIRMATION_HOURS = 24;
/** Confirmation mails a patron may trigger in 24 hours, so the form cannot be used to flood someone's mailbox. */
export const CONFIRMATION_MAILS_PER_DAY = 5;
/** The window the daily mail limits count in. */
export const DAY_MS = 24 * 3_600_000;
/** When a confirmation link mailed now stops working. */
export function confirmationExpiry(now: Date): Date {
  return new Date(now.getTime() + CONFIRMATION_HOURS * 3_600_000);
}

export type ConfirmationCheck = 'valid' | 'expired' | 'invalid';

/**
 * Whether a confirmation link may confirm: unused, within its 24 hours, and
 * for the address the patron has now (a link to an address since replaced
 * must not confirm the new one).
 */
export function checkConfirmation(
  link: { email: string; expiresAt: Date; usedAt: Date | null } | undefined,
  currentEmail: string | null,
  now: Date,
): ConfirmationCheck {
  if (!link || link.usedAt || currentEmail === null || link.email.toLowerCase() !== currentEmail.toLowerCase()) return 'invalid';
  return link.expiresAt > now ? 'valid' : 'expired';
}

export type Allowance = { ok: true } | { ok: false; nextAt: Date };

/** Whether one more mail fits in `limit` per 24 hours, given when the earlier ones were queued; if not, when it will. */
export function dailyAllowance(sentAt: Date[], limit: number, now: Date): Allowance {
  const recent = sentAt.filter((at) => now.getTime() - at.getTime() < DAY_MS).sort((a, b) => a.getTime() - b.getTime());
  if (recent.length < limit) return { ok: true };
  const freedBy = recent[recent.length - limit];
  return { ok: false, nextAt: new Date((freedBy ?? now).getTime() + DAY_MS) };
}

/**
 * True when the password is old enough for the account page's gentle
 * reminder (SPEC's periodic password-change advice); never for a password
 * whose age is unknown, and never when the setting is 0.
 */
export function passwordWantsChanging(changedAt: Date | null, now: Date, reminderDays: number): boolean {
  if (reminderDays === 0 || changedAt === null) return false;
  return now.getTime() - changedAt.getTime() >= reminderDays * 24 * 60 * 60 * 1000;
}
