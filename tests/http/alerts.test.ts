/**
 * /account/alerts over HTTP (SPEC §14), on PGlite and PostgreSQL: saving a
 * search and deleting it without JavaScript (303) and with htmx (the
 * section), mistakes re-rendered with their message (422), the e-mail state
 * said, both languages.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addPatron } from '../support/fixtures.ts';
import { signInDirectly } from '../support/sign-in.ts';

const HTMX = { 'HX-Request': 'true' };

describe.each(databaseKinds)('new-arrival alerts over HTTP on %s', (kind) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(kind);
  });
  afterEach(() => ctx.close());

  async function patronClient(values = {}, headers: Record<string, string> = {}) {
    const patron = await addPatron(ctx.db, values);
    const client = new TestClient(ctx.app, headers);
    await signInDirectly(ctx, client, { patronId: patron });
    return { patron, client };
  }
  const alertsOf = async (patronId: number) =>
    ctx.db.selectFrom('new_arrival_alerts').select(['id', 'query', 'material']).where('patron_id', '=', patronId).orderBy('id').execute();

  it('saves and deletes a search without JavaScript; a visitor signs in first; linked from the account page', async () => {
    expect((await new TestClient(ctx.app).get('/account/alerts')).headers.get('Location')).toBe('/login?next=%2Faccount%2Falerts');
    const { patron, client } = await patronClient({ email: 'reader@example.jp', email_confirmed_at: new Date() });
    expect((await client.page('/account')).html).toContain('href="/account/alerts"');
    const page = await client.page('/account/alerts');
    expect(page.response.headers.get('Cache-Control')).toBe('private, no-store');
    expect(page.html).toContain('登録している検索条件はありません。');
    expect(page.html).not.toContain('確認済みのEメールアドレスがないため');

    const saved = await client.post('/account/alerts', { q: ' 夏目漱石 ', type: 'book' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe('/account/alerts?done=added');
    expect(await alertsOf(patron)).toEqual([{ id: expect.any(Number), query: '夏目漱石', material: 'book' }]);
    const listed = (await client.page('/account/alerts?done=added')).html;
    expect(listed).toContain('検索条件を登録しました。');
    expect(listed).toContain('href="/search?q=%E5%A4%8F%E7%9B%AE%E6%BC%B1%E7%9F%B3&amp;type=book&amp;sort=newest"');
    expect((await client.post('/account/alerts', { q: '夏目漱石', type: 'book' })).headers.get('Location')).toBe(
      '/account/alerts?done=same',
    );
    expect((await client.page('/account/alerts?done=same')).html).toContain('その検索条件はもう登録されています。');

    const [alert] = await alertsOf(patron);
    const deleted = await client.post(`/account/alerts/${alert!.id}/delete`);
    expect(deleted.headers.get('Location')).toBe('/account/alerts?done=deleted');
    expect(await alertsOf(patron)).toEqual([]);
    expect((await client.post('/account/alerts/x/delete')).status).toBe(404);
  });

  it('answers htmx with the section, re-renders mistakes with 422, warns without a confirmed address, and speaks English', async () => {
    const { patron, client } = await patronClient({ email: 'new@example.jp' }, { 'Accept-Language': 'en' });
    const page = (await client.page('/account/alerts')).html;
    expect(page).toContain('You have no confirmed e-mail address, so no alerts can reach you.');
    const empty = await client.post('/account/alerts', { q: '  ', type: '' }, { headers: HTMX });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toMatch(/^<div id="alerts"/);
    expect(emptyHtml).toContain('<a href="#q">Enter the search words.</a>');
    const badType = await client.post('/account/alerts', { q: '猫', type: 'vhs' });
    expect(badType.status).toBe(422);
    expect(await badType.text()).toContain('Choose a material from the list.');
    const long = await client.post('/account/alerts', { q: 'あ'.repeat(201), type: '' });
    expect(long.status).toBe(422);
    expect(await alertsOf(patron)).toEqual([]);

    const added = await client.post('/account/alerts', { q: '猫', type: '' }, { headers: HTMX });
    expect(added.status).toBe(200);
    const fragment = await added.text();
    expect(fragment).toContain('<div id="announcer" hx-swap-oob="innerHTML">Your search was saved.');
    expect(fragment).toContain('aria-label="Delete the alert for &quot;猫&quot;"');
    const [alert] = await alertsOf(patron);
    const deleted = await client.post(`/account/alerts/${alert!.id}/delete`, {}, { headers: HTMX });
    expect(await deleted.text()).toContain('The saved search was deleted.');
  });
});
