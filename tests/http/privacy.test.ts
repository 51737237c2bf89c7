/**
 * Privacy of reading over HTTP (SPEC §12), on PGlite and PostgreSQL: the
 * patron's /account/history with the reading record turned on and off
 * (without JavaScript and with htmx), and the admin's side: a patron's data
 * and deletion on the staff patron page, and the statistics with their CSV.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkin, checkout, circulationContext } from '../../src/circulation/circulation.repo.ts';
import type { StaffRole } from '../../src/db/schema.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addPatron, addRecord } from '../support/fixtures.ts';
import { signInDirectly } from '../support/sign-in.ts';

const HTMX = { 'HX-Request': 'true' };

describe.each(databaseKinds)('privacy of reading over HTTP on %s', (kind) => {
  let ctx: TestContext;
  let deskId: number;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    deskId = await addStaff('desk');
  });
  afterEach(() => ctx.close());

  async function addStaff(role: StaffRole): Promise<number> {
    const row = await ctx.db
      .insertInto('staff')
      .values({ username: `${role}1`, role, password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  const cardOf = async (id: number) =>
    (await ctx.db.selectFrom('patrons').select('card_number').where('id', '=', id).executeTakeFirstOrThrow()).card_number;
  const deskContext = () => circulationContext(ctx.db, ctx.config, ctx.clock.now(), deskId);
  const keeps = async (id: number) =>
    (await ctx.db.selectFrom('patrons').select('keep_reading_record').where('id', '=', id).executeTakeFirstOrThrow()).keep_reading_record;

  /** Lends a new copy of a book with this title to the patron; its barcode. */
  async function lend(patronId: number, title: string): Promise<string> {
    const copyId = await addCopy(ctx.db, await addRecord(ctx.db, { title }));
    const { barcode } = await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow();
    expect(await checkout(ctx.db, await deskContext(), { cardNumber: await cardOf(patronId), barcode })).toMatchObject({ kind: 'ok' });
    return barcode;
  }
  async function lendAndReturn(patronId: number, title: string) {
    await checkin(ctx.db, await deskContext(), { barcode: await lend(patronId, title), place: 'main' });
  }

  async function patronClient(patronId: number, headers: Record<string, string> = {}) {
    const client = new TestClient(ctx.app, headers);
    await signInDirectly(ctx, client, { patronId });
    return client;
  }

  describe('/account/history', () => {
    it('sends a visitor to sign in, and is linked from the account page', async () => {
      const response = await new TestClient(ctx.app).get('/account/history');
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe('/login?next=%2Faccount%2Fhistory');
      const client = await patronClient(await addPatron(ctx.db));
      expect((await client.page('/account')).html).toContain('href="/account/history"');
    });

    it('says plainly what is kept, that off deletes it and that staff do not see it; on, off and delete without JavaScript', async () => {
      const patron = await addPatron(ctx.db);
      const client = await patronClient(patron);
      const { response, html } = await client.page('/account/history');
      expect(response.status).toBe(200);
      expect(response.headers.get('Cache-Control')).toBe('private, no-store');
      expect(html).toContain('返却した資料の書名と、借りた日・返した日をこのページに残します');
      expect(html).toContain('図書館の職員の画面には表示されません');
      expect(html).toContain('読書記録をやめると、それまでの記録はすぐに削除され');
      expect(html).toContain('読書記録はつけていません。');
      expect(html).not.toContain('checked');

      await lendAndReturn(patron, '返却前に記録なし');
      const on = await client.submit('/account/history', { keep: '1' });
      expect(await on.text()).toContain('読書記録をつけます。');
      expect(await keeps(patron)).toBe(true);
      await lendAndReturn(patron, '吾輩は猫である');
      const kept = (await client.page('/account/history')).html;
      expect(kept).toContain('吾輩は猫である');
      expect(kept).not.toContain('返却前に記録なし');

      const deleted = await (await client.submit('/account/history/delete')).text();
      expect(deleted).toContain('読書記録を削除しました。');
      expect(deleted).not.toContain('吾輩は猫である');
      expect(await keeps(patron)).toBe(true);

      await lendAndReturn(patron, '草枕');
      // A checkbox left unticked sends nothing: missing means 0, and off deletes.
      const off = await client.post('/account/history', {});
      expect(off.status).toBe(303);
      expect(off.headers.get('Location')).toBe('/account/history?done=off');
      expect(await keeps(patron)).toBe(false);
      expect(await ctx.db.selectFrom('loans').select('id').where('patron_id', '=', patron).execute()).toEqual([]);
    });

    it('answers htmx with the section and an announcement, refuses a bad value, and speaks English', async () => {
      const patron = await addPatron(ctx.db);
      const client = await patronClient(patron, { 'Accept-Language': 'en' });
      await client.page('/account/history');
      const on = await client.post('/account/history', { keep: '1' }, { headers: HTMX });
      expect(on.status).toBe(200);
      const fragment = await on.text();
      expect(fragment).toMatch(/^<div id="history">/);
      expect(fragment).toContain('Only you can see your reading record.');
      expect(fragment).toContain('<div id="announcer" hx-swap-oob="innerHTML">Your reading record is on');
      const bad = await client.post('/account/history', { keep: 'yes' }, { headers: HTMX });
      expect(bad.status).toBe(422);
      expect(await bad.text()).toContain('Choose with the checkbox whether to keep a reading record.');
      expect(await keeps(patron)).toBe(true);
    });

    it('shows the holds finished within the retention period as recent history', async () => {
      const patron = await addPatron(ctx.db);
      const now = ctx.clock.now();
      const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
      const recent = await addRecord(ctx.db, { title: '最近取り消した予約' });
      const old = await addRecord(ctx.db, { title: '昔の予約' });
      await addHold(ctx.db, { patron_id: patron, record_id: recent, status: 'cancelled', placed_at: daysAgo(3), closed_at: daysAgo(2) });
      await addHold(ctx.db, { patron_id: patron, record_id: old, status: 'expired', placed_at: daysAgo(50), closed_at: daysAgo(40) });
      const html = (await (await patronClient(patron)).page('/account/history')).html;
      expect(html).toContain('最近取り消した予約');
      expect(html).toContain('取消');
      expect(html).not.toContain('昔の予約');
      expect(html).toContain('30日間ここに表示し');
    });
  });

  describe('the admin side', () => {
    async function staffClient(role: StaffRole) {
      const client = new TestClient(ctx.app);
      await signInDirectly(ctx, client, { staffId: role === 'desk' ? deskId : await addStaff('admin') });
      return client;
    }

    it('shows the patron data and deletion to admins only, and exports the data as JSON', async () => {
      const patron = await addPatron(ctx.db, { name: '開示 花子' });
      const card = await cardOf(patron);
      await lendAndReturn(patron, '返した本');
      const desk = await staffClient('desk');
      expect((await desk.page(`/staff/patrons/${card}`)).html).not.toContain('patron-privacy-title');
      expect((await desk.get(`/staff/admin/patrons/${card}/data`)).status).toBe(403);

      const admin = await staffClient('admin');
      const page = (await admin.page(`/staff/patrons/${card}`)).html;
      expect(page).toContain('個人データ（管理者のみ）');
      expect(page).toContain(`action="/staff/admin/patrons/${card}/delete"`);
      const exported = await admin.get(`/staff/admin/patrons/${card}/data`);
      expect(exported.status).toBe(200);
      expect(exported.headers.get('Content-Disposition')).toBe(`attachment; filename="patron-${card}.json"`);
      const text = await exported.text();
      expect(JSON.parse(text)).toMatchObject({ cardNumber: card, profile: { name: '開示 花子' }, loansOut: [], readingRecord: [] });
      expect(text).not.toContain('返した本');
      expect((await admin.get('/staff/admin/patrons/09999999/data')).status).toBe(404);
    });

    it('deletes a patron with past loans once confirmed and nothing is out; refuses otherwise and changes nothing', async () => {
      const patron = await addPatron(ctx.db);
      const card = await cardOf(patron);
      await lendAndReturn(patron, '返した本');
      const out = await lend(patron, '借りている本');
      const admin = await staffClient('admin');
      await admin.page(`/staff/patrons/${card}`);

      const mismatch = await admin.post(`/staff/admin/patrons/${card}/delete`, { confirm_card: '01234567' });
      expect(mismatch.status).toBe(422);
      expect(await mismatch.text()).toContain('一致しません');
      const refused = await admin.post(`/staff/admin/patrons/${card}/delete`, { confirm_card: card });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('貸出中の資料が1点あるため削除できません');
      expect(await ctx.db.selectFrom('patrons').select('id').where('id', '=', patron).executeTakeFirst()).toBeDefined();

      await checkin(ctx.db, await deskContext(), { barcode: out, place: 'main' });
      const deleted = await admin.post(`/staff/admin/patrons/${card}/delete`, { confirm_card: card });
      expect(deleted.status).toBe(200);
      expect(await deleted.text()).toContain('利用者を削除しました（取り消した予約 0件）');
      expect(await ctx.db.selectFrom('patrons').select('id').where('id', '=', patron).executeTakeFirst()).toBeUndefined();
      expect((await admin.get(`/staff/patrons/${card}`)).status).toBe(404);
    });

    it('counts loans, returns and holds per day, place and material, as a page and as CSV, with no patron in them', async () => {
      const patron = await addPatron(ctx.db);
      await lendAndReturn(patron, '統計の本');
      await addHold(ctx.db, {
        patron_id: patron,
        record_id: await addRecord(ctx.db, { material: 'av' }),
        pickup_place: 'minami',
        placed_at: ctx.clock.now(),
      });
      const admin = await staffClient('admin');
      const page = await admin.page('/staff/admin/statistics?from=2026-12-01&to=2026-12-01');
      expect(page.response.status).toBe(200);
      expect(page.html).toContain('貸出統計');
      expect(page.html).toContain('視聴覚資料');
      const csv = await admin.get('/staff/admin/statistics.csv?from=2026-12-01&to=2026-12-01');
      expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
      expect(await csv.text()).toBe(
        'day,place,material,loans,returns,holds_placed,holds_fulfilled\r\n' +
          '2026-12-01,main,book,1,1,0,0\r\n' +
          '2026-12-01,minami,av,0,0,1,0\r\n',
      );
      const bad = await admin.page('/staff/admin/statistics?from=2026-13-01&to=2026-12-01');
      expect(bad.response.status).toBe(422);
      expect(bad.html).toContain('年-月-日で入力してください');
      expect((await admin.get('/staff/admin/statistics.csv?from=2026-12-02&to=2026-12-01')).status).toBe(422);
      expect((await (await staffClient('desk')).get('/staff/admin/statistics')).status).toBe(403);
    });
  });
});
