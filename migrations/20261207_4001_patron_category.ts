/**
 * A patron's category (利用者区分) by its code in LIBRARY_CONFIG
 * patronCategories. Not a foreign key: the categories are settings, not
 * rows, and a code the settings drop leaves its patrons on the library's
 * own terms rather than failing a start. Null: no category.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE patrons ADD COLUMN category text CHECK (category ~ '^[a-z0-9-]{1,32}$')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE patrons DROP COLUMN category`.execute(db);
}
