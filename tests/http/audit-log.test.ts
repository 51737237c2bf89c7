/** The audit log page for admins: filters by staff member, card (also a card's number before a reissue) and dates, pages, and refuses desk staff. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/audit.repo.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addPatron } from '../support/fixtures.ts';
import { addStaffMember, signedInStaff } from '../support/staff.ts';

describe.each(databaseKinds)('the audit log page on %s', (kind) => {
  let ctx: TestContext;
  let admin: TestClient;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    ({ client: admin } = await signedInStaff(ctx, 'admin'));
  });
  afterEach(async () => {
    await ctx.close();
  });

  const rows = (html: string) => [...html.matchAll(/<tr><td /g)].length;

  it('filters by staff member, card and library dates, and pages 50 at a time', async () => {
    const sato = await addStaffMember(ctx, 'desk', 'sato');
    const other = await addStaffMember(ctx, 'desk', 'ito');
    const patronId = await addPatron(ctx.db, { card_number: '01111111' });
    // 2026-12-01 00:30 in Tokyo is still 11-30 in UTC: the day is the library's.
    await audit(ctx.db, { now: new Date('2026-12-01T00:30:00+09:00'), staffId: sato }, { action: 'patron-blocked', patronId });
    await audit(ctx.db, { now: new Date('2026-11-29T10:00:00+09:00'), staffId: other }, { action: 'test-mail', patronId });
    for (let i = 0; i < 55; i++) await audit(ctx.db, { now: new Date('2026-11-20T10:00:00+09:00'), staffId: other }, { action: 'checkin' });
    const bySato = await admin.page('/staff/admin/audit?staff=sato');
    expect(rows(bySato.html)).toBe(1);
    expect(bySato.html).toContain('patron-blocked');
    expect(bySato.html).toContain('01111111');
    expect(rows((await admin.page('/staff/admin/audit?card=01111111')).html)).toBe(2);
    expect(rows((await admin.page('/staff/admin/audit?from=2026-12-01&to=2026-12-01')).html)).toBe(1);
    const first = await admin.page('/staff/admin/audit');
    expect(rows(first.html)).toBe(50);
    expect(first.html).toContain('href="/staff/admin/audit?page=2"');
    expect(rows((await admin.page('/staff/admin/audit?page=2')).html)).toBe(7);
  });

  it('finds a patron by the card number they had before a reissue', async () => {
    const patronId = await addPatron(ctx.db, { card_number: '02222222' });
    await ctx.db
      .insertInto('retired_card_numbers')
      .values({ card_number: '01111111', patron_id: patronId, retired_at: ctx.clock.now() })
      .execute();
    await audit(ctx.db, { now: ctx.clock.now(), staffId: null }, { action: 'card-reissued', patronId });
    expect(rows((await admin.page('/staff/admin/audit?card=01111111')).html)).toBe(1);
  });

  it('refuses bad filters with a message, and desk staff', async () => {
    const bad = await admin.get('/staff/admin/audit?from=2026-02-30&staff=%E3%81%82&card=x');
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('日付は 2026-12-01 のように入力してください。');
    expect(html).toContain('職員IDは半角英小文字');
    const { client: desk } = await signedInStaff(ctx, 'desk');
    expect((await desk.get('/staff/admin/audit')).status).toBe(403);
  });
});
