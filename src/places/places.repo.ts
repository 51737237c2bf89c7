import type { Kysely } from 'kysely';
import type { PickupPlace } from '../config.ts';
import type { Database } from '../db/schema.ts';

/**
 * Makes the pickup_places table match the configuration: places are
 * upserted in their configured order; places no longer configured stay
 * (old holds refer to them) but are no longer offered.
 */
export async function syncPickupPlaces(db: Kysely<Database>, places: PickupPlace[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const [index, place] of places.entries()) {
      const row = { name_ja: place.name.ja, name_en: place.name.en, kind: place.kind, sort_order: index, active: true };
      await tx
        .insertInto('pickup_places')
        .values({ code: place.code, ...row })
        .onConflict((oc) => oc.column('code').doUpdateSet(row))
        .execute();
    }
    await tx
      .updateTable('pickup_places')
      .set({ active: false })
      .where(
        'code',
        'not in',
        places.map((p) => p.code),
      )
      .execute();
  });
}
