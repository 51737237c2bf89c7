/** Patron records as the library's registration system hands them over (the import). Kysely only; `db` first. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ImportedPatron } from './patron-csv.ts';

type Db = Kysely<Database>;

export interface PatronImportCounts {
  imported: number;
  updated: number;
  unchanged: number;
}

/**
 * Writes the patrons in one transaction, matched on card number, so running
 * the same file twice changes nothing. The file is the master for name,
 * reading, birth date and phone. An address in the file is taken only when
 * the patron has none: afterwards patrons manage their address themselves.
 * Imported addresses count as confirmed, because the old system was already
 * mailing them. New patrons get no password; `legacyPassword` marks those
 * whose old credential was the birth-date initial value.
 */
export async function importPatrons(db: Db, patrons: ImportedPatron[], now: Date): Promise<PatronImportCounts> {
  const counts: PatronImportCounts = { imported: 0, updated: 0, unchanged: 0 };
  await db.transaction().execute(async (tx) => {
    for (const p of patrons) counts[await importPatron(tx, p, now)] += 1;
  });
  return counts;
}

async function importPatron(db: Db, p: ImportedPatron, now: Date): Promise<keyof PatronImportCounts> {
  const existing = await db
    .selectFrom('patrons')
    .select(['id', 'name', 'name_kana', 'birth_date', 'phone', 'email', 'category'])
    .where('card_number', '=', p.cardNumber)
    .forUpdate()
    .executeTakeFirst();
  if (!existing) {
    await db
      .insertInto('patrons')
      .values({
        card_number: p.cardNumber,
        name: p.name,
        name_kana: p.nameKana,
        birth_date: p.birthDate,
        phone: p.phone,
        email: p.email,
        email_confirmed_at: p.email ? now : null,
        legacy_birth_date_password: p.legacyPassword,
        category: p.category ?? null,
      })
      .execute();
    return 'imported';
  }
  const takeEmail = p.email !== null && existing.email === null;
  const category = p.category === undefined ? existing.category : p.category;
  const same =
    existing.name === p.name &&
    existing.name_kana === p.nameKana &&
    existing.birth_date === p.birthDate &&
    existing.phone === p.phone &&
    existing.category === category;
  if (same && !takeEmail) return 'unchanged';
  await db
    .updateTable('patrons')
    .set({
      name: p.name,
      name_kana: p.nameKana,
      birth_date: p.birthDate,
      phone: p.phone,
      category,
      ...(takeEmail ? { email: p.email, email_confirmed_at: now } : {}),
    })
    .where('id', '=', existing.id)
    .execute();
  return 'updated';
}

/** Which of these card numbers a card reissue retired. */
export async function retiredCardNumbers(db: Db, cardNumbers: string[]): Promise<Set<string>> {
  if (cardNumbers.length === 0) return new Set();
  const rows = await db.selectFrom('retired_card_numbers').select('card_number').where('card_number', 'in', cardNumbers).execute();
  return new Set(rows.map((r) => r.card_number));
}
