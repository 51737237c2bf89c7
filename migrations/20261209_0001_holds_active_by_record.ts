/**
 * A record's active holds by record: the record page, the cart and the
 * reservation count them for every title they show. The only index that
 * led with the record covered pending holds alone, so the count read the
 * whole patron-and-record index instead: 550 pages, about 2 ms, with
 * 200,000 holds in the load benchmark's library.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX holds_active_by_record ON holds (record_id) WHERE status IN ('pending', 'in_transit', 'ready')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX holds_active_by_record`.execute(db);
}
