/**
 * The card-number format belongs to the library's settings
 * (LIBRARY_CONFIG cardNumberPattern, checked where input is read), not to the
 * schema: the first CHECK wrote the default pattern (8 digits from 0) into
 * the table, so a library with 10-digit cards could not import a single
 * patron. What stays is what every card number is once normalised: printable
 * ASCII with no spaces, at most 64 characters.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE patrons DROP CONSTRAINT patrons_card_number_check`.execute(db);
  await sql`ALTER TABLE patrons ADD CONSTRAINT patrons_card_number_check CHECK (card_number ~ '^[!-~]{1,64}$')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE patrons DROP CONSTRAINT patrons_card_number_check`.execute(db);
  await sql`ALTER TABLE patrons ADD CONSTRAINT patrons_card_number_check CHECK (card_number ~ '^0[0-9]{7}$')`.execute(db);
}
