/** A name's sign-in count as stored (SPEC §1: per card number or username, known or not); no row reads as no failures. */
import type { SignInRealm } from '../../src/db/schema.ts';
import type { TestContext } from './app.ts';

export async function signInCount(
  ctx: Pick<TestContext, 'db'>,
  name: string,
  realm: SignInRealm = 'patron',
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const row = await ctx.db
    .selectFrom('sign_in_counts')
    .select(['failures', 'locked_until'])
    .where('realm', '=', realm)
    .where('name', '=', name)
    .executeTakeFirst();
  return { failures: row?.failures ?? 0, lockedUntil: row?.locked_until ?? null };
}
