/** Builders for the reservation tests: reservable titles, a signed-in patron with a cart, the confirmation form's fields. */
import type { Material } from '../../src/db/schema.ts';
import type { TestContext } from './app.ts';
import { TestClient } from './client.ts';
import { addCopy, addHold, addPatron, addRecord } from './fixtures.ts';
import { signInDirectly } from './sign-in.ts';

/** A title whose only copy is on loan: reservable by anyone who does not hold or borrow it. */
export async function reservableTitle(ctx: TestContext, material: Material = 'book', title?: string): Promise<number> {
  const id = await addRecord(ctx.db, {
    material,
    ...(title ? { title } : {}),
    ...(material === 'magazine' ? { serial_id: await newSerial(ctx), issue_label: '1月号', issue_date: '2026-12-01' } : {}),
  });
  await addCopy(ctx.db, id, { status: 'on_loan' });
  return id;
}

async function newSerial(ctx: TestContext): Promise<number> {
  const row = await ctx.db
    .insertInto('serials')
    .values({ source_id: `serial-${Math.random()}`, title: '月刊テスト' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A patron with `bookHolds` pending book holds (and a confirmed e-mail when asked), signed in on a new client. */
export async function signedInPatron(ctx: TestContext, options: { bookHolds?: number; confirmedEmail?: boolean } = {}) {
  const patronId = await addPatron(
    ctx.db,
    options.confirmedEmail ? { email: 'reader@example.jp', email_confirmed_at: ctx.clock.now() } : {},
  );
  for (let i = 0; i < (options.bookHolds ?? 0); i++) {
    await addHold(ctx.db, { patron_id: patronId, record_id: await reservableTitle(ctx), placed_at: ctx.clock.now() });
  }
  const client = new TestClient(ctx.app);
  await signInDirectly(ctx, client, { patronId });
  await client.page('/cart');
  return { patronId, client };
}

/** The hidden fields of the confirmation page ⑦, as its form would post them. */
export function confirmationFields(html: string): Record<string, string | string[]> {
  const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  return {
    key: value('key'),
    pickup: value('pickup'),
    contact: value('contact'),
    record_id: [...html.matchAll(/name="record_id" value="(\d+)"/g)].map((m) => m[1]!),
  };
}

/** A confirmation posted straight to ⑧ (what a retry or a second tab sends). */
export function confirmation(key: string, recordIds: number[], pickup = 'main', contact = 'none'): Record<string, string | string[]> {
  return { key, pickup, contact, record_id: recordIds.map(String) };
}

/** The patron's active holds, by record. */
export async function activeHolds(ctx: TestContext, patronId: number) {
  return ctx.db
    .selectFrom('holds')
    .select(['id', 'record_id', 'status', 'pickup_place', 'contact'])
    .where('patron_id', '=', patronId)
    .where('status', 'in', ['pending', 'in_transit', 'ready'])
    .orderBy('id')
    .execute();
}
