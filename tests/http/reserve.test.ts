/** The cart, the flow ④–⑧ and the hold lists over HTTP, on each database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addLoan, addPatron, addRecord } from '../support/fixtures.ts';
import { activeHolds, confirmation, confirmationFields, reservableTitle, signedInPatron } from '../support/reservations.ts';
import { signInDirectly } from '../support/sign-in.ts';

const HX = { 'HX-Request': 'true' };

describe.each(databaseKinds)('reservations over HTTP on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  describe('the cart', () => {
    it('adds from the record page, updates the header count out of band, and lists with a meter', async () => {
      const first = await reservableTitle(ctx, 'book', '予約の本');
      const second = await reservableTitle(ctx, 'magazine');
      const client = new TestClient(ctx.app);
      await client.page(`/records/${first}`);
      const plain = await client.post('/cart', { record_id: String(first) });
      expect(plain.status).toBe(303);
      expect(plain.headers.get('Location')).toBe('/cart');
      const fragment = await client.post('/cart', { record_id: String(second) }, { headers: HX });
      const html = await fragment.text();
      expect(fragment.status).toBe(200);
      expect(html).not.toContain('<!DOCTYPE html>');
      expect(html).toContain(
        '<span id="cart-count" class="count" hx-swap-oob="true">予約カート<span class="badge" aria-hidden="true">2</span><span class="visually-hidden">（2件）</span></span>',
      );
      expect(html).toContain('<div id="announcer" hx-swap-oob="innerHTML">');
      // In place of the button: the cart's summary with its 「予約する」, as the original page has it.
      expect(html).toContain('<h2 id="cart-summary-title">予約カート（2件）</h2>');
      expect(html).toContain('<li>予約の本</li>');
      expect(html).toContain('<a class="button" href="/reserve">予約する</a>');
      const cart = (await client.page('/cart')).html;
      expect(cart).toContain('予約の本');
      expect(cart).toContain('図書 2/10・視聴覚 0/1・合計 2/11');
      expect(cart).toContain('ログインすると、予約中の資料も合わせて数えます。');
      expect(cart).toContain('href="/reserve"');
      const again = await client.post('/cart', { record_id: String(first) }, { headers: HX });
      expect(await again.text()).toContain('すでに予約カートに入っています');
    });

    it('refuses a title on the shelf, a missing one and bad ids with a message, never a 500', async () => {
      const onShelf = await addRecord(ctx.db, { title: '在架の本' });
      await addCopy(ctx.db, onShelf);
      const client = new TestClient(ctx.app);
      await client.page(`/records/${onShelf}`);
      const shelf = await client.post('/cart', { record_id: String(onShelf) });
      expect(shelf.status).toBe(422);
      expect(await shelf.text()).toContain('「在架の本」は予約できません。在架しています');
      expect((await client.post('/cart', { record_id: '999999999' })).status).toBe(404);
      for (const bad of ['abc', '-1', '0', '1'.repeat(10_000), '']) {
        const response = await client.post('/cart', { record_id: bad });
        expect(response.status).toBe(422);
        expect(await response.text()).toContain('資料の指定が正しくありません');
      }
      const repeated = await client.post('/cart', { record_id: ['1', '2'] });
      expect(repeated.status).toBe(422);
      expect((await client.post('/cart/abc/delete')).status).toBe(404);
      expect(await ctx.db.selectFrom('cart_items').select('record_id').where('record_id', '=', onShelf).execute()).toEqual([]);
    });

    it('refuses a title past the 30th, and keeps a title added twice at the same moment once', async () => {
      const first = await reservableTitle(ctx, 'book', '一冊目');
      const client = new TestClient(ctx.app);
      await client.page(`/records/${first}`);
      await client.post('/cart', { record_id: String(first) });
      const { session_id } = await ctx.db
        .selectFrom('cart_items')
        .select('session_id')
        .where('record_id', '=', first)
        .executeTakeFirstOrThrow();
      const inCart = () => ctx.db.selectFrom('cart_items').select('record_id').where('session_id', '=', session_id).execute();
      const twice = await reservableTitle(ctx, 'book', '二度押し');
      const answers = await Promise.all(
        [1, 2].map(async () => (await client.post('/cart', { record_id: String(twice) }, { headers: HX })).text()),
      );
      expect(answers.filter((html) => html.includes('すでに予約カートに入っています'))).toHaveLength(1);
      expect(answers.filter((html) => html.includes('を予約カートに入れました'))).toHaveLength(1);
      expect(await inCart()).toHaveLength(2);
      for (let i = 3; i <= 30; i++) {
        await ctx.db
          .insertInto('cart_items')
          .values({ session_id, record_id: await reservableTitle(ctx), added_at: new Date() })
          .execute();
      }
      const past = await reservableTitle(ctx, 'book', '三十一冊目');
      const full = await client.post('/cart', { record_id: String(past) }, { headers: HX });
      expect(full.status).toBe(422);
      expect(await full.text()).toContain('予約カートに入れられるのは30件までです。');
      expect(await inCart()).toHaveLength(30);
      // A title already in a full cart is still just "already in".
      const again = await client.post('/cart', { record_id: String(first) }, { headers: HX });
      expect(again.status).toBe(200);
      expect(await again.text()).toContain('「一冊目」はすでに予約カートに入っています。');
    });

    it('removes a title: htmx gets the cart section, the header count and an announcement', async () => {
      const id = await reservableTitle(ctx);
      const client = new TestClient(ctx.app);
      await client.page(`/records/${id}`);
      await client.post('/cart', { record_id: String(id) });
      const response = await client.post(`/cart/${id}/delete`, {}, { headers: HX });
      const html = await response.text();
      // The section takes the focus from the removed title's button.
      expect(html.startsWith('<section id="cart" tabindex="-1" autofocus="">')).toBe(true);
      expect(html).toContain('予約カートに資料はありません');
      expect(html).toContain('<span id="cart-count" class="count" hx-swap-oob="true">予約カート</span>');
      expect(html).toContain('から削除しました（残り0件）');
    });

    it('shows a signed-in patron the active holds plus the cart, and warns over the limit', async () => {
      const { patronId, client } = await signedInPatron(ctx, { bookHolds: 9 });
      const av = await reservableTitle(ctx, 'av');
      await addHold(ctx.db, { patron_id: patronId, record_id: av, placed_via: 'counter' });
      const fits = await reservableTitle(ctx, 'book', '上限内の本');
      const over = await reservableTitle(ctx, 'book', '上限を超える本');
      for (const id of [fits, over]) await client.post('/cart', { record_id: String(id) });
      const cart = (await client.page('/cart')).html;
      expect(cart).toContain('図書 11/10・視聴覚 1/1・合計 12/11');
      expect(cart).toContain('上限を超えた分（1件）は予約できません');
      // Each title says before ⑤ what confirming would do with it: the later one meets the limit.
      const noteOf = (title: string) =>
        cart
          .slice(cart.indexOf(title))
          .match(/<span class="status (ok|error)">([^<]*)<\/span>/)!
          .slice(1);
      expect(noteOf('上限内の本')).toEqual(['ok', '予約できます']);
      expect(noteOf('上限を超える本')).toEqual(['error', '予約できる件数の上限に達しています']);
    });
  });

  describe('the flow ④–⑧', () => {
    it('walks from an anonymous cart through sign-in to the result page', async () => {
      const wanted = await reservableTitle(ctx, 'book', '待ち行列の本');
      const other = await addPatron(ctx.db);
      await addHold(ctx.db, { patron_id: other, record_id: wanted, placed_at: new Date(ctx.clock.now().getTime() - 60_000) });
      const client = new TestClient(ctx.app);
      await client.page(`/records/${wanted}`);
      await client.post('/cart', { record_id: String(wanted) });
      const login = await client.get('/reserve');
      expect(login.status).toBe(303);
      expect(login.headers.get('Location')).toBe('/login?next=%2Freserve');
      const anonymousSession = await ctx.db
        .selectFrom('cart_items')
        .select('session_id')
        .where('record_id', '=', wanted)
        .executeTakeFirstOrThrow();
      const patronId = await addPatron(ctx.db, { email: 'confirmed@example.jp', email_confirmed_at: ctx.clock.now() });
      await signInDirectly(ctx, client, { patronId });
      // What startSession does at the real sign-in: the new session takes over the cart.
      const session = await ctx.db.selectFrom('sessions').select('id').where('patron_id', '=', patronId).executeTakeFirstOrThrow();
      await ctx.db
        .updateTable('cart_items')
        .set({ session_id: session.id })
        .where('session_id', '=', anonymousSession.session_id)
        .execute();

      const step5 = await client.page('/reserve');
      expect(step5.response.status).toBe(200);
      const card = (await ctx.db.selectFrom('patrons').select('card_number').where('id', '=', patronId).executeTakeFirstOrThrow())
        .card_number;
      expect(step5.html).toContain(card);
      const places = [...step5.html.matchAll(/name="pickup" value="([^"]+)"/g)].map((m) => m[1]);
      expect(places).toEqual(['main', 'minami', 'bm-kita', 'bm-sakura', 'bm-minato']);
      expect(step5.html).toContain('BM 北公民館前');
      expect([...step5.html.matchAll(/name="contact" value="([^"]+)"/g)].map((m) => m[1])).toEqual(['phone', 'none', 'email']);
      expect(step5.html).toContain('<legend>受取場所</legend>');

      const missing = await client.post('/reserve/confirm', {});
      expect(missing.status).toBe(422);
      const missingHtml = await missing.text();
      expect(missingHtml).toContain('class="error-summary"');
      expect(missingHtml).toContain('<a href="#pickup">受取場所を選んでください</a>');

      const step7 = await client.submit('/reserve/confirm', { pickup: 'bm-kita', contact: 'email' });
      const step7Html = await step7.text();
      expect(step7.status).toBe(200);
      expect(step7Html).toContain('予約内容の確認');
      expect(step7Html).toContain('待ち行列の本');
      expect(step7Html).toContain('予約を確定する');
      const fields = confirmationFields(step7Html);
      expect(fields).toMatchObject({ pickup: 'bm-kita', contact: 'email', record_id: [String(wanted)] });

      const step8 = await client.submit('/reserve', fields);
      const result = await step8.text();
      expect(step8.status).toBe(200);
      expect(result).toContain('予約しました（順位 2）');
      expect(result).toContain('予約完了');
      expect(await activeHolds(ctx, patronId)).toMatchObject([
        { record_id: wanted, status: 'pending', pickup_place: 'bm-kita', contact: 'email' },
      ]);
      expect(await ctx.db.selectFrom('cart_items').select('record_id').where('session_id', '=', session.id).execute()).toEqual([]);

      const retry = await client.submit('/reserve', fields);
      expect(await retry.text()).toBe(result);
      expect(await activeHolds(ctx, patronId)).toHaveLength(1);
    });

    it('refuses per title with the reason: limit, now on the shelf, already held, on loan, no longer exists', async () => {
      // 8 holds, and the counter's hold below makes 9: the tenth book fits, the eleventh does not.
      const { patronId, client } = await signedInPatron(ctx, { bookHolds: 8 });
      const placed = await reservableTitle(ctx, 'book', '十冊目の本');
      const overLimit = await reservableTitle(ctx, 'book', '十一冊目の本');
      const returned = await reservableTitle(ctx, 'book', '返却された本');
      const heldMeanwhile = await reservableTitle(ctx, 'book', '窓口で予約した本');
      const borrowed = await reservableTitle(ctx, 'book', '借りた本');
      const removed = await reservableTitle(ctx, 'book', '除籍された本');
      for (const id of [placed, overLimit, returned, heldMeanwhile, borrowed, removed]) {
        expect((await client.post('/cart', { record_id: String(id) })).status).toBe(303);
      }
      const fields = confirmationFields(await (await client.submit('/reserve/confirm', { pickup: 'main', contact: 'phone' })).text());
      // Between ⑦ and ⑧: a copy comes back, the counter places a hold, a loan is made, a record is deleted.
      await ctx.db.updateTable('copies').set({ status: 'on_shelf' }).where('record_id', '=', returned).execute();
      await addHold(ctx.db, { patron_id: patronId, record_id: heldMeanwhile, placed_via: 'counter' });
      const borrowedCopy = await addCopy(ctx.db, borrowed, { status: 'on_loan' });
      await addLoan(ctx.db, { copy_id: borrowedCopy, patron_id: patronId, checked_out_at: ctx.clock.now(), due_date: '2026-12-15' });
      await ctx.db.deleteFrom('records').where('id', '=', removed).execute();
      const html = await (await client.submit('/reserve', fields)).text();
      const row = (title: string) => new RegExp(`${title}</td><td[^>]*>(.*?)</td>`).exec(html)?.[1] ?? '';
      expect(row('十冊目の本')).toContain('予約しました（順位 1）');
      expect(row('十一冊目の本')).toContain('予約できる件数の上限に達しています');
      expect(row('返却された本')).toContain('在架しています');
      expect(row('窓口で予約した本')).toContain('すでに予約しています');
      expect(row('借りた本')).toContain('現在お借りになっています');
      expect(html).toContain(`資料番号 ${removed}`);
      expect(html).toContain('この資料はもうありません');
      const holds = await activeHolds(ctx, patronId);
      expect(holds).toHaveLength(10);
      expect(holds.filter((h) => h.record_id === placed)).toHaveLength(1);
      // Refused titles stay in the cart; the placed one is gone from it.
      const cart = await client.page('/cart');
      expect(cart.html).not.toContain('十冊目の本');
      expect(cart.html).toContain('十一冊目の本');
    });

    it('answers ⑦ and ⑧ with a redirect to a page, so Back and reload show a page and place nothing twice', async () => {
      const { patronId, client } = await signedInPatron(ctx);
      const id = await reservableTitle(ctx, 'book', '戻るボタンの本');
      await client.post('/cart', { record_id: String(id) });
      await client.page('/reserve');
      const step7 = await client.post('/reserve/confirm', { pickup: 'minami', contact: 'phone' });
      expect(step7.status).toBe(303);
      expect(step7.headers.get('Location')).toBe('/reserve/confirm?pickup=minami&contact=phone');
      const confirmPage = await client.page(step7.headers.get('Location')!);
      expect(confirmPage.response.status).toBe(200);
      const fields = confirmationFields(confirmPage.html);
      expect(fields).toMatchObject({ pickup: 'minami', contact: 'phone', record_id: [String(id)] });
      const step8 = await client.post('/reserve', fields);
      expect(step8.status).toBe(303);
      const resultUrl = step8.headers.get('Location')!;
      expect(resultUrl).toBe(`/reserve/result/${String(fields.key)}`);
      // Reloading the result reads the stored result again; Back to ⑦ finds the cart emptied and goes to it.
      for (let i = 0; i < 2; i++) {
        const result = await client.page(resultUrl);
        expect(result.response.status).toBe(200);
        expect(result.html).toContain('予約しました（順位 1）');
      }
      expect((await client.get(step7.headers.get('Location')!)).headers.get('Location')).toBe('/cart');
      expect(await activeHolds(ctx, patronId)).toHaveLength(1);
      // Another patron, or a made-up key, finds no page.
      const other = await signedInPatron(ctx);
      expect((await other.client.get(resultUrl)).status).toBe(404);
      expect((await client.get('/reserve/result/no-such-key-000000000')).status).toBe(404);
      expect((await client.get('/reserve/result/%3Cscript%3E')).status).toBe(404);
      // A hand-edited ⑦ address gets the choices form back with its message.
      const edited = await client.post('/cart', { record_id: String(await reservableTitle(ctx)) });
      expect(edited.status).toBe(303);
      const bad = await client.get('/reserve/confirm?pickup=nowhere&contact=phone');
      expect(bad.status).toBe(422);
      expect(await bad.text()).toContain('受取場所を選んでください');
    });

    it('refuses a forged or stale confirmation with a message and places nothing', async () => {
      const { patronId, client } = await signedInPatron(ctx);
      const id = await reservableTitle(ctx);
      await client.post('/cart', { record_id: String(id) });
      const key = 'k'.repeat(32);
      const cases: Record<string, string | string[]>[] = [
        confirmation('short', [id]),
        confirmation('x'.repeat(10_000), [id]),
        { ...confirmation(key, [id]), record_id: ['abc'] },
        { ...confirmation(key, [id]), record_id: [] },
        { ...confirmation(key, [id]), record_id: Array.from({ length: 101 }, (_, i) => String(i + 1)) },
        confirmation(key, [id], 'nowhere'),
        confirmation(key, [id], 'main', 'x'.repeat(10_000)),
        { ...confirmation(key, [id]), pickup: ['main', 'minami'] },
      ];
      for (const form of cases) {
        const response = await client.post('/reserve', form);
        expect(response.status).toBe(422);
        expect(await response.text()).toContain('予約の手続きをやり直してください');
      }
      const email = await client.post('/reserve', confirmation(key, [id], 'main', 'email'));
      expect(email.status).toBe(422);
      expect(await email.text()).toContain('メールは選べません');
      expect(await activeHolds(ctx, patronId)).toEqual([]);

      const other = await signedInPatron(ctx);
      await client.post('/reserve', confirmation(key, [id]));
      const stolen = await other.client.submit('/reserve', confirmation(key, [id]));
      expect(await stolen.text()).toContain('別の利用者のものです');
      expect(await activeHolds(ctx, other.patronId)).toEqual([]);

      const stale = new TestClient(ctx.app);
      const expired = await stale.post('/reserve', confirmation('s'.repeat(32), [id]), { csrf: false });
      expect(expired.status).toBe(403);
    });

    it('sends a visitor to sign in from every step, and an empty cart back to the cart', async () => {
      const visitor = new TestClient(ctx.app);
      await visitor.page(`/records/${await reservableTitle(ctx)}`);
      for (const path of ['/reserve/confirm', '/reserve']) {
        const response = await visitor.post(path, {});
        expect(response.status).toBe(303);
        expect(response.headers.get('Location')).toBe('/login?next=%2Freserve');
      }
      const { client } = await signedInPatron(ctx);
      expect((await client.get('/reserve')).headers.get('Location')).toBe('/cart');
    });
  });

  describe('the hold lists', () => {
    async function patronWithHolds() {
      const { patronId, client } = await signedInPatron(ctx);
      const pending = await addHold(ctx.db, { patron_id: patronId, record_id: await reservableTitle(ctx, 'book', '待っている本') });
      const pending2 = await addHold(ctx.db, { patron_id: patronId, record_id: await reservableTitle(ctx, 'book', 'もう一冊') });
      const transitRecord = await reservableTitle(ctx, 'book', '移送中の本');
      const transitCopy = await addCopy(ctx.db, transitRecord, { status: 'in_transit' });
      const transit = await addHold(ctx.db, {
        patron_id: patronId,
        record_id: transitRecord,
        status: 'in_transit',
        copy_id: transitCopy,
        pickup_place: 'minami',
      });
      const readyRecord = await reservableTitle(ctx, 'book', '確保された本');
      const readyCopy = await addCopy(ctx.db, readyRecord, { status: 'on_hold_shelf' });
      const ready = await addHold(ctx.db, {
        patron_id: patronId,
        record_id: readyRecord,
        status: 'ready',
        copy_id: readyCopy,
        ready_at: ctx.clock.now(),
        pickup_deadline: '2026-12-08',
      });
      const someoneElse = await addHold(ctx.db, { patron_id: await addPatron(ctx.db), record_id: await reservableTitle(ctx) });
      return { patronId, client, pending, pending2, transit, ready, someoneElse };
    }

    const statusOf = async (id: number) =>
      await ctx.db.selectFrom('holds').select(['status', 'pickup_place', 'contact']).where('id', '=', id).executeTakeFirstOrThrow();

    it('lists pending and in-transit holds with checkboxes, ready ones with the pickup deadline and no checkbox', async () => {
      const h = await patronWithHolds();
      const html = (await h.client.page('/account/holds')).html;
      expect(html).toContain('予約中一覧');
      expect(html).toContain(`name="hold_id" value="${h.pending}"`);
      expect(html).toContain(`name="hold_id" value="${h.transit}"`);
      expect(html).not.toContain(`name="hold_id" value="${h.ready}"`);
      expect(html).toContain('1番目');
      expect(html).toContain('移送中');
      expect(html).toContain('予約確保一覧');
      expect(html).toContain('2026年12月8日(火)');
      const account = (await h.client.page('/account')).html;
      expect(account).toContain('<section id="holds">');
      expect(account).toContain(`name="hold_id" value="${h.pending}"`);
    });

    it('cancels after a confirmation step, with full pages and with htmx', async () => {
      const h = await patronWithHolds();
      const ask = await h.client.post('/account/holds/cancel', { hold_id: [String(h.pending), String(h.pending)] });
      const askHtml = await ask.text();
      expect(ask.status).toBe(200);
      expect(askHtml).toContain('次の予約を取り消します');
      expect(askHtml).toContain('待っている本');
      expect((await statusOf(h.pending)).status).toBe('pending');
      const done = await h.client.post('/account/holds/cancel', { hold_id: String(h.pending), confirm: '1' }, { headers: HX });
      const doneHtml = await done.text();
      expect(doneHtml.startsWith('<section id="holds">')).toBe(true);
      expect(doneHtml).toContain('<div id="announcer" hx-swap-oob="innerHTML">1件の予約を取り消しました。</div>');
      expect((await statusOf(h.pending)).status).toBe('cancelled');
      const page = await h.client.post('/account/holds/cancel', { hold_id: String(h.transit), confirm: '1' });
      expect((await page.text()).startsWith('<!DOCTYPE html>')).toBe(true);
      expect((await statusOf(h.transit)).status).toBe('cancelled');
    });

    it('refuses a forged cancel of a ready hold or of another patron’s hold, and changes nothing', async () => {
      const h = await patronWithHolds();
      for (const ids of [[h.ready], [h.someoneElse], [h.pending2, h.ready], [h.pending2, h.someoneElse], [999999999]]) {
        for (const confirm of ['', '1']) {
          const response = await h.client.post('/account/holds/cancel', { hold_id: ids.map(String), confirm });
          expect(response.status).toBe(422);
          expect(await response.text()).toContain('取消・変更できないもの');
        }
      }
      expect((await statusOf(h.ready)).status).toBe('ready');
      expect((await statusOf(h.someoneElse)).status).toBe('pending');
      expect((await statusOf(h.pending2)).status).toBe('pending');
      for (const bad of [[], ['abc'], ['1'.repeat(10_000)]]) {
        expect((await h.client.post('/account/holds/cancel', { hold_id: bad, confirm: '1' })).status).toBe(422);
      }
      expect(await (await h.client.post('/account/holds/cancel', {})).text()).toContain('予約を1件以上選んでください');
    });

    it('changes pickup place and contact method, refusing what is not allowed', async () => {
      const h = await patronWithHolds();
      const form = await h.client.page(`/account/holds/edit?hold_id=${h.pending}&hold_id=${h.pending2}`);
      expect(form.html).toContain('予約の変更');
      expect(form.html).toContain('value="main" checked=""');
      const fromList = await h.client.post('/account/holds/edit', { hold_id: String(h.pending) }, { headers: HX });
      expect(await fromList.text()).toContain('変更する');
      const changed = await h.client.post(
        '/account/holds/edit',
        { hold_id: [String(h.pending), String(h.pending2)], pickup: 'bm-sakura', contact: 'phone' },
        { headers: HX },
      );
      expect(await changed.text()).toContain('2件の予約を変更しました。');
      expect(await statusOf(h.pending)).toEqual({ status: 'pending', pickup_place: 'bm-sakura', contact: 'phone' });
      const email = await h.client.post('/account/holds/edit', { hold_id: String(h.pending), pickup: 'main', contact: 'email' });
      expect(email.status).toBe(422);
      // The form for an in-transit hold offers only its own place, and says why, before any submit.
      const transitForm = (await h.client.page(`/account/holds/edit?hold_id=${h.transit}`)).html;
      expect([...transitForm.matchAll(/name="pickup" value="([^"]+)"/g)].map((m) => m[1])).toEqual(['minami']);
      expect(transitForm).toContain('移送中の予約があるため、受取場所はいまの場所のままです。');
      const mixedForm = (await h.client.page(`/account/holds/edit?hold_id=${h.transit}&hold_id=${h.pending}`)).html;
      expect([...mixedForm.matchAll(/name="pickup" value="([^"]+)"/g)].map((m) => m[1])).toEqual(['minami']);
      const transit = await h.client.post('/account/holds/edit', { hold_id: String(h.transit), pickup: 'main', contact: 'none' });
      expect(transit.status).toBe(422);
      expect(await transit.text()).toContain('移送中の予約は受取場所を変更できません');
      const transitContact = await h.client.post('/account/holds/edit', { hold_id: String(h.transit), pickup: 'minami', contact: 'none' });
      expect(transitContact.status).toBe(200);
      const forged = await h.client.post('/account/holds/edit', { hold_id: [String(h.ready)], pickup: 'bm-kita', contact: 'none' });
      expect(forged.status).toBe(422);
      const stranger = await h.client.post('/account/holds/edit', { hold_id: [String(h.someoneElse)], pickup: 'bm-kita', contact: 'none' });
      expect(stranger.status).toBe(422);
      expect(await statusOf(h.ready)).toMatchObject({ status: 'ready', pickup_place: 'main' });
      expect(await statusOf(h.someoneElse)).toMatchObject({ pickup_place: 'main' });
      const missing = await h.client.post('/account/holds/edit', { hold_id: String(h.pending), pickup: 'nowhere', contact: 'phone' });
      expect(missing.status).toBe(422);
      expect(await missing.text()).toContain('<a href="#pickup">受取場所を選んでください</a>');
    });

    it('sends a visitor to sign in', async () => {
      const visitor = new TestClient(ctx.app);
      await visitor.page(`/records/${await reservableTitle(ctx)}`);
      const response = await visitor.post('/account/holds/cancel', { hold_id: '1' });
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toContain('/login?next=');
    });
  });
});
