/**
 * 予約の保留, 予約の有効期限, 順番予約 and 「まとめて延長する」 over HTTP
 * (SPEC §14), on PGlite and PostgreSQL: each as a plain form (a page, or a
 * redirect to one) and as an htmx fragment, in Japanese and English, with
 * bad input answered by a message that changes nothing. The test clock
 * stands at 2026-12-01 10:00 in Tokyo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addHold } from '../support/fixtures.ts';
import { lendTo, loanRow } from '../support/loans.ts';
import { activeHolds, confirmationFields, reservableTitle, signedInPatron } from '../support/reservations.ts';
import { signInDirectly } from '../support/sign-in.ts';

const HX = { 'HX-Request': 'true' };

describe.each(databaseKinds)('hold extras over HTTP on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  const holdRow = (id: number) => ctx.db.selectFrom('holds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** The table row of a hold in the waiting list. */
  const rowOf = (html: string, holdId: number) =>
    /<tr>(?:(?!<\/tr>)[\s\S])*?<\/tr>/g[Symbol.match](html)?.find((tr) => tr.includes(`value="${holdId}"`)) ?? '';

  describe('予約の保留', () => {
    it('suspends ticked holds until a date: a page without JavaScript, the section with htmx; resume ends it at once', async () => {
      const { patronId, client } = await signedInPatron(ctx);
      const first = await addHold(ctx.db, { patron_id: patronId, record_id: await reservableTitle(ctx, 'book', '保留する本') });
      const second = await addHold(ctx.db, { patron_id: patronId, record_id: await reservableTitle(ctx) });
      await client.page('/account');

      const plain = await client.post('/account/holds/suspend', { hold_id: String(first), until: '２０２６-１２-２４' });
      const page = await plain.text();
      expect(plain.status).toBe(200);
      expect(page).toContain('<!DOCTYPE html>');
      expect(page).toContain('1件の予約を2026年12月24日(木)まで保留しました。');
      expect(rowOf(page, first)).toContain('保留中（12月24日まで）');
      expect(rowOf(page, second)).toContain('予約中');
      expect(await holdRow(first)).toMatchObject({ status: 'pending', suspended_until: '2026-12-24' });

      const fragment = await client.post('/account/holds/resume', { hold_id: String(first) }, { headers: HX });
      const html = await fragment.text();
      expect(html.startsWith('<section id="holds">')).toBe(true);
      expect(html).toContain('1件の予約の保留を解除しました。');
      expect(html).toContain('<div id="announcer" hx-swap-oob="innerHTML">');
      expect(rowOf(html, first)).not.toContain('保留中');
      expect((await holdRow(first)).suspended_until).toBeNull();
    });

    it('shows the suspension until its day, then the hold is waiting again', async () => {
      const { patronId, client } = await signedInPatron(ctx);
      const id = await addHold(ctx.db, { patron_id: patronId, record_id: await reservableTitle(ctx), suspended_until: '2026-12-02' });
      expect(rowOf((await client.page('/account')).html, id)).toContain('保留中（12月2日まで）');
      ctx.clock.set(new Date('2026-12-02T09:00:00+09:00'));
      try {
        expect(rowOf((await client.page('/account')).html, id)).not.toContain('保留中');
      } finally {
        ctx.clock.set(new Date('2026-12-01T10:00:00+09:00'));
      }
    });

    it('refuses a bad date, a hold in transit and no selection with a message, changing nothing', async () => {
      const { patronId, client } = await signedInPatron(ctx);
      const id = await addHold(ctx.db, { patron_id: patronId, record_id: await reservableTitle(ctx) });
      const travelling = await reservableTitle(ctx);
      const copyId = await addCopy(ctx.db, travelling, { status: 'in_transit' });
      const transit = await addHold(ctx.db, { patron_id: patronId, record_id: travelling, status: 'in_transit', copy_id: copyId });
      await client.page('/account');
      const cases: [Record<string, string | string[]>, string][] = [
        [{ hold_id: String(id), until: '' }, '保留する期限を入力してください'],
        [{ hold_id: String(id), until: '12/24' }, '年-月-日で入力してください'],
        [{ hold_id: String(id), until: '2026-12-01' }, '明日以降の日付にしてください'],
        [{ hold_id: String(id), until: '2028-01-01' }, '1年以内の日付にしてください'],
        [{ hold_id: [String(id), String(transit)], until: '2026-12-24' }, '保留と解除ができるのは「予約中」の予約だけです'],
        [{ until: '2026-12-24' }, '予約を1件以上選んでください'],
      ];
      for (const [form, message] of cases) {
        const response = await client.post('/account/holds/suspend', form, { headers: HX });
        expect(response.status).toBe(422);
        expect(await response.text()).toContain(message);
      }
      const invalid = await (await client.post('/account/holds/suspend', { hold_id: String(id), until: 'x' }, { headers: HX })).text();
      expect(invalid).toContain(
        'id="suspend-until" name="until" value="x" aria-describedby="suspend-until-hint suspend-until-error" aria-invalid="true"',
      );
      expect((await holdRow(id)).suspended_until).toBeNull();
      expect((await holdRow(transit)).suspended_until).toBeNull();
    });

    it('speaks English in the English locale', async () => {
      const { patronId, client } = await signedInPatron(ctx);
      const id = await addHold(ctx.db, { patron_id: patronId, record_id: await reservableTitle(ctx), suspended_until: '2026-12-24' });
      await client.get('/language/en?next=/account');
      const html = (await client.page('/account')).html;
      expect(rowOf(html, id)).toContain('Suspended (until 24 December)');
      expect(html).toContain('<legend>Suspend reservations</legend>');
    });
  });

  describe('step ⑤: need-by date and series holds', () => {
    it('places the cart in order with a need-by date; the list shows both', async () => {
      const { patronId, client } = await signedInPatron(ctx);
      const titles = [await reservableTitle(ctx, 'book', '第1巻'), await reservableTitle(ctx, 'book', '第2巻')];
      for (const id of titles) await client.post('/cart', { record_id: String(id) });
      const step5 = (await client.page('/reserve')).html;
      expect(step5).toContain(
        '<input type="date" id="need_by" name="need_by" value="" autocomplete="off" maxlength="20" aria-describedby="need_by-hint"',
      );
      expect(step5).toContain('name="in_order" value="1"');

      const bad = await client.post('/reserve/confirm', { pickup: 'main', contact: 'phone', need_by: '2026-11-30', in_order: '1' });
      const badHtml = await bad.text();
      expect(bad.status).toBe(422);
      expect(badHtml).toContain('<a href="#need_by">予約の有効期限は明日以降の日付にしてください</a>');
      expect(badHtml).toContain('value="2026-11-30"');
      expect(badHtml).toMatch(/name="in_order" value="1" checked=""/);

      const step7 = await client.submit('/reserve/confirm', {
        pickup: 'main',
        contact: 'phone',
        need_by: '２０２６-１２-２０',
        in_order: '1',
      });
      const step7Html = await step7.text();
      expect(step7Html).toContain('2026年12月20日(日)');
      expect(step7Html).toContain('カートの順に1点ずつ用意します');
      expect(step7Html).toContain('<input type="hidden" name="need_by" value="2026-12-20"/>');
      expect(step7Html).toContain('<input type="hidden" name="in_order" value="1"/>');
      expect(step7Html).toContain('need_by=2026-12-20&amp;in_order=1');
      const fields = { ...confirmationFields(step7Html), need_by: '2026-12-20', in_order: '1' };
      expect((await client.submit('/reserve', fields)).status).toBe(200);

      const holds = await ctx.db.selectFrom('holds').selectAll().where('patron_id', '=', patronId).orderBy('id').execute();
      expect(holds.map((h) => [h.record_id, h.need_by, h.series_position, h.series_size])).toEqual([
        [titles[0], '2026-12-20', 1, 2],
        [titles[1], '2026-12-20', 2, 2],
      ]);
      const account = (await client.page('/account')).html;
      expect(rowOf(account, holds[1]!.id)).toContain('順番予約 2/2');
      expect(rowOf(account, holds[0]!.id)).toContain('順番予約 1/2<br/>有効期限 12月20日');
    });

    it('a forged ⑧ with a bad need-by or in_order places nothing', async () => {
      const { patronId, client } = await signedInPatron(ctx);
      const title = await reservableTitle(ctx);
      await client.post('/cart', { record_id: String(title) });
      const fields = confirmationFields(await (await client.submit('/reserve/confirm', { pickup: 'main', contact: 'none' })).text());
      for (const extra of [{ need_by: 'soon' }, { in_order: 'yes' }] as Record<string, string>[]) {
        const response = await client.post('/reserve', { ...fields, ...extra });
        expect(response.status).toBe(422);
      }
      expect(await activeHolds(ctx, patronId)).toEqual([]);
    });
  });

  describe('まとめて延長する', () => {
    it('without JavaScript renews every renewable loan and the reloaded page says what happened to each', async () => {
      const { patronId, client } = await signedInPatron(ctx);
      const ok = await lendTo(ctx, patronId, { dueDate: '2026-12-05', title: '延長できる本' });
      const av = await lendTo(ctx, patronId, { dueDate: '2026-12-05', material: 'av', title: '視聴覚の資料' });
      await client.page('/account');
      const response = await client.post('/account/loans/renew', {});
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe(`/account?renewedAll=${ok.loanId}#loans`);
      const page = (await client.page(response.headers.get('Location')!.replace('#loans', ''))).html;
      expect(page).toContain('1点を延長しました。1点は延長できませんでした（理由は各資料に表示しています）。');
      expect(/<li id="loan-(\d+)"[\s\S]*?<\/li>/g[Symbol.match](page)?.find((li) => li.includes('延長できる本'))).toContain('延長しました');
      expect((await loanRow(ctx, ok.loanId)).renewals).toBe(1);
      expect((await loanRow(ctx, av.loanId)).renewals).toBe(0);
    });

    it('with htmx swaps the whole list for the outcomes; pressed again, nothing more is renewable', async () => {
      const { patronId, client } = await signedInPatron(ctx);
      const a = await lendTo(ctx, patronId, { dueDate: '2026-12-05' });
      const b = await lendTo(ctx, patronId, { dueDate: '2026-12-08' });
      await client.page('/account');
      const first = await client.post('/account/loans/renew', {}, { headers: HX });
      const html = await first.text();
      expect(first.status).toBe(200);
      expect(html.startsWith('<section id="loans"')).toBe(true);
      expect(html).toContain('2点を延長しました。');
      expect(html).toContain('<div id="announcer" hx-swap-oob="innerHTML">');
      expect(html).not.toContain('まとめて延長する');
      expect((await loanRow(ctx, a.loanId)).renewals).toBe(1);
      expect((await loanRow(ctx, b.loanId)).renewals).toBe(1);
      const again = await client.post('/account/loans/renew', {}, { headers: HX });
      expect(again.status).toBe(422);
      expect(await again.text()).toContain('延長できる資料はありませんでした');
    });

    it('shows the button only when a loan is renewable; a visitor is sent to sign in', async () => {
      const { patronId, client } = await signedInPatron(ctx);
      expect((await client.page('/account')).html).not.toContain('まとめて延長する');
      await lendTo(ctx, patronId, { dueDate: '2026-12-05' });
      expect((await client.page('/account')).html).toContain('action="/account/loans/renew"');
      // A session without a patron, so the post passes the CSRF check and meets the sign-in gate.
      const visitor = new TestClient(ctx.app);
      await signInDirectly(ctx, visitor, {});
      await visitor.page('/cart');
      const plain = await visitor.post('/account/loans/renew');
      expect(plain.status).toBe(303);
      expect(plain.headers.get('Location')).toBe('/login?next=%2Faccount');
    });
  });
});
