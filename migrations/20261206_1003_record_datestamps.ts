/**
 * The datestamp a harvester (OAI-PMH, SPEC §15) sees for each record: when
 * the record or what is disseminated of its copies (added, removed,
 * withdrawn or back, moved to another home, a new shelf mark) last changed.
 * Loans and returns do not count: a harvester has nothing new to fetch when
 * a copy goes out and comes back. Whole seconds, the protocol's granularity,
 * so a resumption token's position is exact.
 */
import { type Kysely, sql } from 'kysely';

const statements = [
  `ALTER TABLE records ADD COLUMN changed_at timestamptz NOT NULL DEFAULT date_trunc('second', now())`,
  `UPDATE records SET changed_at = date_trunc('second', updated_at)`,
  `CREATE INDEX records_harvest_order ON records (changed_at, id)`,
  `CREATE FUNCTION records_touch_changed_at() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF (to_jsonb(NEW) - 'changed_at' - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'changed_at' - 'updated_at') THEN
       NEW.changed_at := date_trunc('second', now());
     END IF;
     RETURN NEW;
   END $$`,
  `CREATE TRIGGER records_changed_at BEFORE UPDATE ON records FOR EACH ROW EXECUTE FUNCTION records_touch_changed_at()`,
  `CREATE FUNCTION copies_touch_record() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP <> 'INSERT' THEN
       UPDATE records SET changed_at = date_trunc('second', now()) WHERE id = OLD.record_id;
     END IF;
     IF TG_OP <> 'DELETE' THEN
       UPDATE records SET changed_at = date_trunc('second', now()) WHERE id = NEW.record_id;
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER copies_added_or_removed AFTER INSERT OR DELETE ON copies FOR EACH ROW EXECUTE FUNCTION copies_touch_record()`,
  `CREATE TRIGGER copies_disseminated_change AFTER UPDATE ON copies FOR EACH ROW
   WHEN (OLD.record_id IS DISTINCT FROM NEW.record_id OR OLD.home_place IS DISTINCT FROM NEW.home_place
     OR OLD.shelf_mark IS DISTINCT FROM NEW.shelf_mark OR OLD.reference_only IS DISTINCT FROM NEW.reference_only
     OR (OLD.status = 'withdrawn') IS DISTINCT FROM (NEW.status = 'withdrawn'))
   EXECUTE FUNCTION copies_touch_record()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER copies_disseminated_change ON copies`.execute(db);
  await sql`DROP TRIGGER copies_added_or_removed ON copies`.execute(db);
  await sql`DROP FUNCTION copies_touch_record()`.execute(db);
  await sql`DROP TRIGGER records_changed_at ON records`.execute(db);
  await sql`DROP FUNCTION records_touch_changed_at()`.execute(db);
  await sql`ALTER TABLE records DROP COLUMN changed_at`.execute(db);
}
