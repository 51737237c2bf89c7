/**
 * Sign-in counts per name, not per account row (SPEC §1): the count of
 * tries and the lock apply to any well-formed card number or staff
 * username, known or not, so a lock says nothing about whether the card
 * exists. `realm` says whose name it is ('patron': a card number, 'staff':
 * a username); `locks` counts the locks since the last success (staff
 * back-off doubles with it). The counts and locks on patrons and staff move
 * here and their columns go.
 *
 * sign_in_unlocks holds the one-time links mailed to a patron whose card
 * locked: only the token's hash, expiring when the lock ends; one link per
 * lock (unique card and end).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE sign_in_counts (
     realm text NOT NULL CHECK (realm IN ('patron', 'staff')),
     name text NOT NULL,
     failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
     locks integer NOT NULL DEFAULT 0 CHECK (locks >= 0),
     locked_until timestamptz,
     last_attempt_at timestamptz NOT NULL,
     PRIMARY KEY (realm, name)
   )`.execute(db);
  await sql`INSERT INTO sign_in_counts (realm, name, failures, locks, locked_until, last_attempt_at)
            SELECT 'patron', card_number, failed_logins, CASE WHEN locked_until IS NULL THEN 0 ELSE 1 END, locked_until, now()
              FROM patrons WHERE failed_logins > 0 OR locked_until IS NOT NULL`.execute(db);
  await sql`INSERT INTO sign_in_counts (realm, name, failures, locks, locked_until, last_attempt_at)
            SELECT 'staff', username, failed_logins, CASE WHEN locked_until IS NULL THEN 0 ELSE 1 END, locked_until, now()
              FROM staff WHERE failed_logins > 0 OR locked_until IS NOT NULL`.execute(db);
  for (const table of ['patrons', 'staff']) {
    await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN failed_logins, DROP COLUMN locked_until`.execute(db);
  }
  await sql`CREATE TABLE sign_in_unlocks (
     token_hash text PRIMARY KEY,
     card_number text NOT NULL,
     expires_at timestamptz NOT NULL,
     used_at timestamptz,
     UNIQUE (card_number, expires_at)
   )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE sign_in_unlocks`.execute(db);
  for (const table of ['patrons', 'staff']) {
    await sql`ALTER TABLE ${sql.table(table)}
                ADD COLUMN failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
                ADD COLUMN locked_until timestamptz`.execute(db);
  }
  await sql`UPDATE patrons SET failed_logins = c.failures, locked_until = c.locked_until
              FROM sign_in_counts c WHERE c.realm = 'patron' AND c.name = patrons.card_number`.execute(db);
  await sql`UPDATE staff SET failed_logins = c.failures, locked_until = c.locked_until
              FROM sign_in_counts c WHERE c.realm = 'staff' AND c.name = staff.username`.execute(db);
  await sql`DROP TABLE sign_in_counts`.execute(db);
}
