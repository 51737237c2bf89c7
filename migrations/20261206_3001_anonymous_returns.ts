/**
 * Privacy of reading (SPEC §12). A returned loan stops naming its patron
 * unless they keep a reading record, and a finished hold loses its patron
 * after the retention period, so both patron columns may now be empty,
 * though never while the loan is out or the hold is active (CHECKs). The
 * foreign keys stay strict: deleting a patron who still has a linked loan
 * or hold fails, so delete-patron must unlink them on purpose.
 *
 * What stays of a loan is its anonymous statistics: day, record (through
 * the copy) and place. The place a copy was lent and returned was never
 * kept, so two columns take it; returns already made take theirs from the
 * checkin's audit entry, lendings before this step stay unknown (NULL).
 *
 * The patron's choice to keep a reading record (読書記録) is off until
 * they turn it on.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE patrons ADD COLUMN keep_reading_record boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE loans ALTER COLUMN patron_id DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE loans ADD CONSTRAINT loans_open_names_patron CHECK (patron_id IS NOT NULL OR returned_at IS NOT NULL)`.execute(db);
  await sql`ALTER TABLE loans ADD COLUMN checkout_place text REFERENCES pickup_places (code),
              ADD COLUMN return_place text REFERENCES pickup_places (code)`.execute(db);
  await sql`UPDATE loans SET return_place = a.details->>'place'
              FROM audit_log a
             WHERE a.action = 'checkin' AND jsonb_typeof(a.details->'loanId') = 'number'
               AND (a.details->>'loanId')::integer = loans.id
               AND EXISTS (SELECT 1 FROM pickup_places p WHERE p.code = a.details->>'place')`.execute(db);
  // The reading record lists a patron's returned loans; the retention job finds returned loans still named.
  await sql`CREATE INDEX loans_returned_by_patron ON loans (patron_id, returned_at) WHERE returned_at IS NOT NULL AND patron_id IS NOT NULL`.execute(
    db,
  );
  await sql`ALTER TABLE holds ALTER COLUMN patron_id DROP NOT NULL`.execute(db);
  await sql`ALTER TABLE holds ADD CONSTRAINT holds_active_names_patron
              CHECK (patron_id IS NOT NULL OR status IN ('fulfilled', 'cancelled', 'expired'))`.execute(db);
  await sql`CREATE INDEX holds_finished_named ON holds (closed_at) WHERE patron_id IS NOT NULL AND closed_at IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX holds_finished_named`.execute(db);
  await sql`ALTER TABLE holds DROP CONSTRAINT holds_active_names_patron`.execute(db);
  // Anonymous rows cannot name a patron again; the old schema had no room for them.
  await sql`DELETE FROM holds WHERE patron_id IS NULL`.execute(db);
  await sql`ALTER TABLE holds ALTER COLUMN patron_id SET NOT NULL`.execute(db);
  await sql`DROP INDEX loans_returned_by_patron`.execute(db);
  await sql`ALTER TABLE loans DROP COLUMN checkout_place, DROP COLUMN return_place`.execute(db);
  await sql`ALTER TABLE loans DROP CONSTRAINT loans_open_names_patron`.execute(db);
  await sql`DELETE FROM loans WHERE patron_id IS NULL`.execute(db);
  await sql`ALTER TABLE loans ALTER COLUMN patron_id SET NOT NULL`.execute(db);
  await sql`ALTER TABLE patrons DROP COLUMN keep_reading_record`.execute(db);
}
