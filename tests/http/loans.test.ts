/**
 * 貸出中一覧 on the account page and POST /account/loans/:loanId/renew, on
 * PGlite and PostgreSQL: the htmx row swap, the full-page fallback, every
 * refusal, and requests for loans that are not the patron's to renew.
 * The test clock stands at 2026-12-01 (a Tuesday) 10:00 in Tokyo.
 */
import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadAssets } from '../../src/http/assets.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addHold, addPatron } from '../support/fixtures.ts';
import { lendTo, loanRow, renewalAudits } from '../support/loans.ts';
import { signInDirectly } from '../support/sign-in.ts';

const HTMX = { 'HX-Request': 'true' };

describe.each(databaseKinds)('loans and renewal on %s', (kind) => {
  let ctx: TestContext;
  let client: TestClient;
  let patronId: number;
  let otherId: number;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    patronId = await addPatron(ctx.db);
    otherId = await addPatron(ctx.db);
    client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId });
  });
  afterEach(() => ctx.close());

  /** The html of one loan's item on a page or fragment. */
  const item = (html: string, loanId: number) =>
    /<li id="loan-(\d+)"[\s\S]*?<\/li>/g[Symbol.match](html)?.find((li) => li.startsWith(`<li id="loan-${loanId}"`)) ?? '';
  const renew = (loanId: number | string, headers: Record<string, string> = {}) =>
    client.post(`/account/loans/${loanId}/renew`, {}, { headers });

  it('lists each open loan with its copy, dates, days left and the renew button or the reason', async () => {
    const renewable = await lendTo(ctx, patronId, { dueDate: '2026-12-08', title: '銀河鉄道の夜' });
    const dueToday = await lendTo(ctx, patronId, { dueDate: '2026-12-01' });
    const overdue = await lendTo(ctx, patronId, { dueDate: '2026-11-25' });
    const renewed = await lendTo(ctx, patronId, { dueDate: '2026-12-10', renewals: 1 });
    const held = await lendTo(ctx, patronId, { dueDate: '2026-12-09' });
    await addHold(ctx.db, { patron_id: otherId, record_id: held.recordId });
    const av = await lendTo(ctx, patronId, { dueDate: '2026-12-11', material: 'av' });
    const others = await lendTo(ctx, otherId, { dueDate: '2026-12-12', title: 'ほかの人の本' });
    const returned = await lendTo(ctx, patronId, { dueDate: '2026-12-12', title: '返した本' });
    await ctx.db.updateTable('loans').set({ returned_at: ctx.clock.now() }).where('id', '=', returned.loanId).execute();

    const { response, html } = await client.page('/account');
    expect(response.status).toBe(200);
    expect(html).toContain('<h2 id="loans-title">貸出中一覧</h2>');
    expect(html).not.toContain('ほかの人の本');
    expect(html).not.toContain('返した本');
    expect(html).not.toContain(`loan-${others.loanId}"`);
    // Soonest due first: the overdue loan leads.
    expect(html.indexOf(`loan-${overdue.loanId}"`)).toBeLessThan(html.indexOf(`loan-${dueToday.loanId}"`));

    const first = item(html, renewable.loanId);
    expect(first).toContain('銀河鉄道の夜');
    expect(first).toContain(renewable.barcode);
    expect(first).toContain('2026年11月21日(土)'); // checked out 10 days before the clock
    expect(first).toContain('2026年12月8日(火)');
    expect(first).toContain('あと7日');
    expect(first).toContain(`action="/account/loans/${renewable.loanId}/renew"`);
    expect(first).toContain('延長する（新しい返却期限: 12月15日）');
    expect(first).toContain(`aria-describedby="loan-${renewable.loanId}-title"`);

    expect(item(html, dueToday.loanId)).toContain('今日が返却期限です');
    expect(item(html, dueToday.loanId)).toContain('延長する（新しい返却期限: 12月15日）');
    const late = item(html, overdue.loanId);
    expect(late).toContain('class="loan overdue"');
    expect(late).toContain('延滞中：返却期限を6日過ぎています');
    expect(late).toContain('返却期限を過ぎています');
    expect(late).not.toContain('延長する');
    expect(item(html, renewed.loanId)).toContain('延長済みです');
    expect(item(html, held.loanId)).toContain('予約が入っています');
    expect(item(html, av.loanId)).toContain('視聴覚資料は延長できません');
    for (const loan of [renewed, held, av]) expect(item(html, loan.loanId)).not.toContain('<button');
  });

  it('says so when nothing is on loan, and speaks English in the English locale', async () => {
    expect((await client.page('/account')).html).toContain('借りている資料はありません。');
    await lendTo(ctx, patronId, { dueDate: '2026-12-08' });
    client.setCookie('lang', 'en');
    const { html } = await client.page('/account');
    expect(html).toContain('Renew (new due date: 15 December)');
    expect(html).toContain('7 days left');
  });

  it('with htmx, swaps the loan for the renewed one and announces it; the renewal is written with its audit line', async () => {
    const loan = await lendTo(ctx, patronId, { dueDate: '2026-12-08', title: '風の又三郎' });
    await client.page('/account');
    const response = await renew(loan.loanId, HTMX);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('<html');
    expect(html.startsWith(`<li id="loan-${loan.loanId}" class="loan">`)).toBe(true);
    expect(html).toContain('2026年12月15日(火)');
    expect(html).toContain('延長しました');
    expect(html).toContain('あと14日');
    expect(html).not.toContain('<button');
    expect(html).toContain(
      '<div id="announcer" hx-swap-oob="innerHTML">「風の又三郎」の貸出を延長しました。新しい返却期限は2026年12月15日(火)です。</div>',
    );
    expect(await loanRow(ctx, loan.loanId)).toEqual({ due_date: '2026-12-15', renewals: 1, last_renewed_at: ctx.clock.now() });
    const audits = await renewalAudits(ctx, loan.loanId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ staff_id: null, patron_id: patronId, copy_id: loan.copyId, record_id: loan.recordId });
    expect(audits[0]!.details).toMatchObject({ from: '2026-12-08', to: '2026-12-15' });
  });

  it('without JavaScript, reloads the account page with the outcome', async () => {
    const loan = await lendTo(ctx, patronId, { dueDate: '2026-12-08', title: '風の又三郎' });
    await client.page('/account');
    const response = await renew(loan.loanId);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`/account?renewed=${loan.loanId}#loan-${loan.loanId}`);
    const { html } = await client.page(`/account?renewed=${loan.loanId}`);
    expect(html).toContain(
      '<p class="notice success" role="status">「風の又三郎」の貸出を延長しました。新しい返却期限は2026年12月15日(火)です。</p>',
    );
    expect(item(html, loan.loanId)).toContain('延長しました');
    expect(item(html, loan.loanId)).not.toContain('<button');
    expect((await loanRow(ctx, loan.loanId)).due_date).toBe('2026-12-15');
  });

  it('never claims a renewal the address names but that did not happen', async () => {
    const loan = await lendTo(ctx, patronId, { dueDate: '2026-12-08' });
    const { html } = await client.page(`/account?renewed=${loan.loanId}`);
    expect(html).not.toContain('延長しました');
    expect(item(html, loan.loanId)).toContain('延長する（新しい返却期限: 12月15日）');
  });

  it('a hold that arrived since the page was drawn: the row comes back with the reason, and nothing changes', async () => {
    const loan = await lendTo(ctx, patronId, { dueDate: '2026-12-08', title: '注文の多い料理店' });
    const { html: before } = await client.page('/account');
    expect(item(before, loan.loanId)).toContain('延長する');
    await addHold(ctx.db, { patron_id: otherId, record_id: loan.recordId });

    const response = await renew(loan.loanId, HTMX);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html.startsWith(`<li id="loan-${loan.loanId}" class="loan">`)).toBe(true);
    expect(html).toContain('予約が入っています');
    expect(html).not.toContain('<button');
    expect(html).toContain(
      '<div id="announcer" hx-swap-oob="innerHTML">「注文の多い料理店」は延長できませんでした。予約が入っています。</div>',
    );

    const plain = await renew(loan.loanId);
    expect(plain.status).toBe(303);
    expect(plain.headers.get('Location')).toBe(`/account?notRenewed=${loan.loanId}#loan-${loan.loanId}`);
    const { html: page } = await client.page(`/account?notRenewed=${loan.loanId}`);
    expect(page).toContain('<p class="notice warning" role="status">「注文の多い料理店」は延長できませんでした。予約が入っています。</p>');

    expect(await loanRow(ctx, loan.loanId)).toEqual({ due_date: '2026-12-08', renewals: 0, last_renewed_at: null });
    expect(await renewalAudits(ctx, loan.loanId)).toEqual([]);
  });

  it('the patron’s own hold on the record does not stop a renewal', async () => {
    const loan = await lendTo(ctx, patronId, { dueDate: '2026-12-08' });
    await addHold(ctx.db, { patron_id: patronId, record_id: loan.recordId });
    await addHold(ctx.db, { patron_id: otherId, record_id: loan.recordId, status: 'cancelled', closed_at: ctx.clock.now() });
    await client.page('/account');
    expect((await renew(loan.loanId, HTMX)).status).toBe(200);
  });

  it.each([
    ['a second renewal', { dueDate: '2026-12-08', renewals: 1 }, '延長済みです'],
    ['an overdue loan', { dueDate: '2026-11-30' }, '返却期限を過ぎています'],
    ['audiovisual material', { dueDate: '2026-12-08', material: 'av' as const }, '視聴覚資料は延長できません'],
  ])('refuses %s with the reason, with and without htmx', async (_, options, reason) => {
    const loan = await lendTo(ctx, patronId, options);
    await client.page('/account');
    const response = await renew(loan.loanId, HTMX);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(`は延長できませんでした。${reason}。</div>`);
    expect((await renew(loan.loanId)).headers.get('Location')).toBe(`/account?notRenewed=${loan.loanId}#loan-${loan.loanId}`);
    expect((await loanRow(ctx, loan.loanId)).due_date).toBe(options.dueDate);
    expect(await renewalAudits(ctx, loan.loanId)).toEqual([]);
  });

  it('renews once: the second press finds it renewed', async () => {
    const loan = await lendTo(ctx, patronId, { dueDate: '2026-12-08' });
    await client.page('/account');
    expect((await renew(loan.loanId, HTMX)).status).toBe(200);
    const again = await renew(loan.loanId, HTMX);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('延長済みです');
    expect(await loanRow(ctx, loan.loanId)).toMatchObject({ due_date: '2026-12-15', renewals: 1 });
  });

  it('someone else’s loan, a returned loan and forged ids change nothing and say so, never a 500', async () => {
    const others = await lendTo(ctx, otherId, { dueDate: '2026-12-08' });
    const returned = await lendTo(ctx, patronId, { dueDate: '2026-12-08' });
    await ctx.db.updateTable('loans').set({ returned_at: ctx.clock.now() }).where('id', '=', returned.loanId).execute();
    await client.page('/account');
    for (const id of [
      others.loanId,
      returned.loanId,
      999999,
      'abc',
      '-1',
      '0',
      '1.5',
      '1e3',
      '2147483648',
      '99999999999999999999',
      '%E5%BB%B6',
    ]) {
      const page = await renew(id);
      expect(page.status, String(id)).toBe(404);
      expect(await page.text()).toContain('この貸出は見つかりません。返却済みか、番号が正しくありません。');
      const fragment = await renew(id, HTMX);
      expect(fragment.status, String(id)).toBe(404);
      const html = await fragment.text();
      expect(html).not.toContain('<html');
      expect(html).toContain('<div id="announcer" hx-swap-oob="innerHTML">この貸出は見つかりません。');
    }
    const swapped = await (await renew(returned.loanId, HTMX)).text();
    expect(swapped.startsWith(`<li id="loan-${returned.loanId}" class="loan">`)).toBe(true);
    expect(await loanRow(ctx, others.loanId)).toEqual({ due_date: '2026-12-08', renewals: 0, last_renewed_at: null });
    expect(await loanRow(ctx, returned.loanId)).toEqual({ due_date: '2026-12-08', renewals: 0, last_renewed_at: null });
    expect(await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'renew').execute()).toEqual([]);
  });

  it('a visitor is sent to sign in; a post without the CSRF token is refused', async () => {
    const loan = await lendTo(ctx, patronId, { dueDate: '2026-12-08' });
    // A session without a patron (a visitor's cart), so the post passes the CSRF check and meets the sign-in gate.
    const visitor = new TestClient(ctx.app);
    await signInDirectly(ctx, visitor, {});
    await visitor.page('/cart');
    const plain = await visitor.post(`/account/loans/${loan.loanId}/renew`);
    expect(plain.status).toBe(303);
    expect(plain.headers.get('Location')).toBe('/login?next=%2Faccount');
    const htmx = await visitor.post(`/account/loans/${loan.loanId}/renew`, {}, { headers: HTMX });
    expect(htmx.status).toBe(204);
    expect(htmx.headers.get('HX-Redirect')).toBe('/login?next=%2Faccount');
    await client.page('/account');
    const forged = await client.post(`/account/loans/${loan.loanId}/renew`, { _csrf: 'not-the-token' });
    expect(forged.status).toBe(403);
    expect((await loanRow(ctx, loan.loanId)).renewals).toBe(0);
  });

  it('draws the account page with the same number of SQL statements for 1 loan as for 12', async () => {
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements += 1;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    const counted = createApp({
      db: ctx.db.withPlugin(counter),
      databaseKind: ctx.database.kind,
      config: ctx.config,
      clock: ctx.clock,
      assets: loadAssets(),
    });
    const counting = new TestClient(counted);
    await signInDirectly(ctx, counting, { patronId });
    const count = async () => {
      statements = 0;
      expect((await counting.get('/account')).status).toBe(200);
      return statements;
    };
    await lendTo(ctx, patronId, { dueDate: '2026-12-08' });
    const withOne = await count();
    for (let i = 0; i < 11; i++) {
      const loan = await lendTo(ctx, patronId, { dueDate: '2026-12-09', material: i % 3 === 0 ? 'av' : 'book' });
      await addHold(ctx.db, { patron_id: otherId, record_id: loan.recordId });
    }
    const withTwelve = await count();
    expect(withTwelve).toBe(withOne);
    const html = await (await counting.get('/account')).text();
    expect(html.match(/<li id="loan-/g)).toHaveLength(12);
  });
});
