/**
 * The English locale end to end over HTTP: the language a patron uses is
 * remembered for their mails (at sign-in and at the footer's switch), and
 * the account page writes its dates the English way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { addPatron } from '../support/fixtures.ts';
import { lendTo } from '../support/loans.ts';
import { signInDirectly } from '../support/sign-in.ts';

describe('English locale', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('pglite');
  });
  afterAll(() => ctx.close());

  const patronLocale = async (id: number) =>
    (await ctx.db.selectFrom('patrons').select('locale').where('id', '=', id).executeTakeFirstOrThrow()).locale;

  it('remembers the language a patron signs in with, for their mails', async () => {
    const id = await addPatron(ctx.db, { card_number: '08100001', password_hash: await hashPassword('eigo123') });
    const client = new TestClient(ctx.app, { 'Accept-Language': 'en-GB,en;q=0.8' });
    await client.page('/login');
    const signedIn = await client.post('/login', { card_number: '08100001', password: 'eigo123' });
    expect(signedIn.status).toBe(303);
    expect(await patronLocale(id)).toBe('en');
  });

  it('remembers the footer switch of a signed-in patron, and leaves the visitor’s cookie alone', async () => {
    const id = await addPatron(ctx.db);
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId: id });
    await client.get('/language/en?next=/account');
    expect(await patronLocale(id)).toBe('en');
    await client.get('/language/ja?next=/account');
    expect(await patronLocale(id)).toBe('ja');
    const visitor = new TestClient(ctx.app);
    expect((await visitor.get('/language/en')).status).toBe(303);
    expect(visitor.cookie('lang')).toBe('en');
  });

  it('writes the account page’s dates and texts in the chosen language', async () => {
    const id = await addPatron(ctx.db);
    await lendTo(ctx, id, { dueDate: '2026-12-08', title: 'こころ' });
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId: id });
    client.setCookie('lang', 'en');
    const en = await (await client.get('/account')).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Tue, 8 December 2026');
    expect(en).not.toContain('2026年12月8日');
    client.setCookie('lang', 'ja');
    expect(await (await client.get('/account')).text()).toContain('2026年12月8日(火)');
  });
});
