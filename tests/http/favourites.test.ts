/**
 * お気に入り over HTTP (SPEC §14), on PGlite and PostgreSQL: added from a
 * record page reservable or not, listed a page at a time, removed, sent to
 * the cart when reservable now, refused past the limit; each without
 * JavaScript (303 and the page) and with htmx (a fragment), in both languages.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAVOURITES_PER_PAGE, MAX_FAVOURITES } from '../../src/favourites/favourites.rules.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addPatron, addRecord } from '../support/fixtures.ts';
import { signInDirectly } from '../support/sign-in.ts';

const HTMX = { 'HX-Request': 'true' };

describe.each(databaseKinds)('favourites over HTTP on %s', (kind) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(kind);
  });
  afterEach(() => ctx.close());

  async function patronClient(patronId: number, headers: Record<string, string> = {}) {
    const client = new TestClient(ctx.app, headers);
    await signInDirectly(ctx, client, { patronId });
    return client;
  }
  /** A record whose only copy is out: reservable now. */
  async function onLoanRecord(title: string) {
    const id = await addRecord(ctx.db, { title });
    await addCopy(ctx.db, id, { status: 'on_loan' });
    return id;
  }
  /** A record whose copy is on the shelf: not reservable (take it from the shelf). */
  async function onShelfRecord(title: string) {
    const id = await addRecord(ctx.db, { title });
    await addCopy(ctx.db, id);
    return id;
  }
  const favouritesOf = async (patronId: number) =>
    (await ctx.db.selectFrom('favourites').select('record_id').where('patron_id', '=', patronId).orderBy('record_id').execute()).map(
      (r) => r.record_id,
    );

  it('sends a visitor to sign in and back to the record; the record page offers the button and the account page links the list', async () => {
    const record = await onShelfRecord('書架にある本');
    const visitor = new TestClient(ctx.app);
    const page = (await visitor.page(`/records/${record}`)).html;
    expect(page).toContain('action="/account/favourites"');
    expect(page).toContain('お気に入りに追加');
    const post = await visitor.post('/account/favourites', { record_id: String(record) });
    expect(post.status).toBe(303);
    expect(post.headers.get('Location')).toBe(`/login?next=%2Frecords%2F${record}`);
    const list = await visitor.get('/account/favourites');
    expect(list.headers.get('Location')).toBe('/login?next=%2Faccount%2Ffavourites');
    const client = await patronClient(await addPatron(ctx.db));
    expect((await client.page('/account')).html).toContain('href="/account/favourites"');
  });

  it('adds any record without JavaScript, lists it with 「カートに入れる」 only when reservable now, and removes it', async () => {
    const patron = await addPatron(ctx.db);
    const client = await patronClient(patron);
    const shelf = await onShelfRecord('書架にある本');
    const out = await onLoanRecord('貸出中の本');
    await client.page(`/records/${shelf}`);
    const added = await client.post('/account/favourites', { record_id: String(shelf) });
    expect(added.status).toBe(303);
    expect(added.headers.get('Location')).toBe('/account/favourites?done=added');
    await client.submit('/account/favourites', { record_id: String(out) });
    const again = await client.submit('/account/favourites', { record_id: String(out) });
    expect(await again.text()).toContain('その資料はもうお気に入りに入っています。');
    expect(await favouritesOf(patron)).toEqual([shelf, out]);

    const { response, html } = await client.page('/account/favourites');
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    expect(html).toContain('2件（300件まで）');
    expect(html.indexOf('貸出中の本')).toBeLessThan(html.indexOf('書架にある本'));
    expect(html).toContain('aria-label="「貸出中の本」をカートに入れる"');
    expect(html).not.toContain('aria-label="「書架にある本」をカートに入れる"');
    expect(html).toContain('在架しています。図書館でお借りください');

    const toCart = await client.post('/cart', { record_id: String(out) });
    expect(toCart.headers.get('Location')).toBe('/cart');
    expect((await client.page('/cart')).html).toContain('貸出中の本');

    const removed = await client.post(`/account/favourites/${shelf}/delete?page=1`);
    expect(removed.status).toBe(303);
    expect(removed.headers.get('Location')).toBe('/account/favourites?page=1&done=removed');
    expect((await client.page(removed.headers.get('Location')!)).html).toContain('お気に入りから削除しました。');
    expect(await favouritesOf(patron)).toEqual([out]);
  });

  it('answers htmx with fragments: the record page form replaced, the list swapped with an announcement; English too', async () => {
    const patron = await addPatron(ctx.db);
    const client = await patronClient(patron, { 'Accept-Language': 'en' });
    const record = await onLoanRecord('On loan book');
    await client.page(`/records/${record}`);
    const added = await client.post('/account/favourites', { record_id: String(record) }, { headers: HTMX });
    expect(added.status).toBe(200);
    const fragment = await added.text();
    expect(fragment).not.toContain('<html');
    expect(fragment).toContain('<p>&quot;On loan book&quot; was added to your favourites.</p>');
    expect(fragment).toContain('<div id="announcer" hx-swap-oob="innerHTML">&quot;On loan book&quot; was added');
    expect(fragment).toContain('href="/account/favourites"');

    const cart = await client.post('/cart', { record_id: String(record) }, { headers: HTMX });
    expect(await cart.text()).toContain('cart-summary');

    const removed = await client.post(`/account/favourites/${record}/delete?page=1`, {}, { headers: HTMX });
    expect(removed.status).toBe(200);
    const section = await removed.text();
    expect(section).toMatch(/^<section id="favourites"/);
    expect(section).toContain('You have no favourites yet.');
    expect(section).toContain('<div id="announcer" hx-swap-oob="innerHTML">The item was removed from your favourites.</div>');
  });

  it('refuses a bad or unknown record and a full list with a clear message, changing nothing', async () => {
    const patron = await addPatron(ctx.db);
    const client = await patronClient(patron);
    await client.page('/account/favourites');
    const bad = await client.post('/account/favourites', { record_id: 'abc' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('追加する資料が分かりませんでした。');
    const unknown = await client.post('/account/favourites', { record_id: '999999' }, { headers: HTMX });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('その資料は見つかりませんでした。');
    expect((await client.post('/account/favourites/abc/delete')).status).toBe(404);

    const records = await ctx.db
      .insertInto('records')
      .values(Array.from({ length: MAX_FAVOURITES }, (_, i) => ({ source_id: `fav-${i}`, material: 'book' as const, title: `本 ${i}` })))
      .returning('id')
      .execute();
    const start = ctx.clock.now().getTime();
    await ctx.db
      .insertInto('favourites')
      .values(records.map((r, i) => ({ patron_id: patron, record_id: r.id, added_at: new Date(start + i * 1000) })))
      .execute();
    const one = await addRecord(ctx.db, { title: '301冊目' });
    const full = await client.post('/account/favourites', { record_id: String(one) });
    expect(full.status).toBe(422);
    expect(await full.text()).toContain('お気に入りは300件までです。');
    expect((await favouritesOf(patron)).length).toBe(MAX_FAVOURITES);

    const pages = Math.ceil(MAX_FAVOURITES / FAVOURITES_PER_PAGE);
    const first = (await client.page('/account/favourites')).html;
    expect(first).toContain(`本 ${MAX_FAVOURITES - 1}<`);
    expect(first).toContain(`1 / ${pages} ページ`);
    expect(first).toContain('href="/account/favourites?page=2"');
    const last = (await client.page(`/account/favourites?page=${pages + 5}`)).html;
    expect(last).toContain(`${pages} / ${pages} ページ`);
    expect(last).toContain('本 0<');
  });
});
