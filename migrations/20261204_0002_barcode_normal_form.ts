/**
 * Barcodes match in one normal form, upper case (SPEC §10): the catalog
 * import keeps what it was given (Rmmyl-B1) while the desk upper-cases what
 * it scans, so the case-sensitive UNIQUE let both be told apart and let the
 * desk miss the copy. One unique index on upper(barcode) replaces it; the
 * column keeps the barcode as written, for display.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE UNIQUE INDEX copies_barcode_upper_key ON copies (upper(barcode))`.execute(db);
  await sql`ALTER TABLE copies DROP CONSTRAINT copies_barcode_key`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE copies ADD CONSTRAINT copies_barcode_key UNIQUE (barcode)`.execute(db);
  await sql`DROP INDEX copies_barcode_upper_key`.execute(db);
}
