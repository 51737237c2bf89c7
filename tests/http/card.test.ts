/**
 * /account/card over HTTP (SPEC §14), on PGlite and PostgreSQL: the card
 * number as an NW-7 barcode drawn on the server and in figures, Code 128
 * by the library's setting, never cached by the browser, offered to the
 * service worker like the account page (not on a shared computer).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OFFLINE_COPY_HEADER, OFFLINE_COPY_TAG_HEADER } from '../../sw/offline-copy.ts';
import { defaultRules } from '../../src/config.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addPatron } from '../support/fixtures.ts';
import { signInDirectly } from '../support/sign-in.ts';

describe.each(databaseKinds)('the card on the phone on %s', (kind) => {
  let ctx: TestContext;
  afterEach(() => ctx.close());

  async function cardPage(headers: Record<string, string> = {}, cardNumber = '01234567') {
    const client = new TestClient(ctx.app, headers);
    await signInDirectly(ctx, client, { patronId: await addPatron(ctx.db, { card_number: cardNumber }) });
    return client.page('/account/card');
  }

  it('shows the NW-7 barcode and the figures, uncached, kept offline like the account page, linked from it', async () => {
    ctx = await createTestContext(kind);
    expect((await new TestClient(ctx.app).get('/account/card')).headers.get('Location')).toBe('/login?next=%2Faccount%2Fcard');
    const { response, html } = await cardPage();
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    expect(response.headers.get(OFFLINE_COPY_HEADER)).toBe('allow');
    expect(response.headers.get(OFFLINE_COPY_TAG_HEADER)).toMatch(/^[\w-]{43}$/);
    expect(html).toContain('<div class="card-barcode" role="img" aria-label="利用カードのバーコード（番号 01234567）"><svg viewBox=');
    expect(html).toContain('<p class="card-figures"><span class="visually-hidden">利用カードの番号: </span>01234567</p>');
    // No script of its own: the barcode is markup.
    expect(html.match(/<script/g)?.length).toBe(2);
    expect(html).toContain('id="offline-banner"');
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId: await addPatron(ctx.db) });
    expect((await client.page('/account')).html).toContain('href="/account/card"');
  });

  it('draws Code 128 when the library says so, speaks English, and answers htmx with the content alone', async () => {
    ctx = await createTestContext(kind);
    const nw7 = (await cardPage()).html.match(/<svg[\s\S]*?<\/svg>/)![0];
    await ctx.close();
    ctx = await createTestContext(kind, { rules: { ...defaultRules, cardBarcode: { symbology: 'code128', nw7StartStop: 'A' } } });
    const { html } = await cardPage({ 'Accept-Language': 'en' });
    const code128 = html.match(/<svg[\s\S]*?<\/svg>/)![0];
    expect(code128).not.toBe(nw7);
    expect(html).toContain('aria-label="Barcode of your library card (number 01234567)"');
    const fragment = await cardPage({ 'HX-Request': 'true' }, '07654321');
    expect(fragment.html).not.toContain('<html');
    expect(fragment.html).toContain('<h1>利用カード</h1>');
  });
});
