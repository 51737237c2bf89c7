/**
 * The calendar feed over HTTP (SPEC §14), on PGlite and PostgreSQL: the URL
 * made, shown once and made anew (the old one then 404s), titles only by the
 * patron's choice, the feed stopped; the .ics read back by ical.js, a
 * maintained iCalendar parser, as a calendar app would.
 */
import type { Insertable } from 'kysely';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HoldsTable } from '../../src/db/schema.ts';
import { loggablePath } from '../../src/ops/log.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addLoan, addPatron, addRecord } from '../support/fixtures.ts';
import { signInDirectly } from '../support/sign-in.ts';

const HTMX = { 'HX-Request': 'true' };

/** The feed's events as a calendar app reads them: date-only start, summary, description. */
function eventsOf(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return { date: event.startDate.toString(), allDay: event.startDate.isDate, summary: event.summary, description: event.description };
  });
}

const tokenIn = (html: string) => html.match(/\/calendar\/([\w-]{43})\.ics/)?.[1];

describe.each(databaseKinds)('the calendar feed on %s', (kind) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext(kind);
  });
  afterEach(() => ctx.close());

  async function lend(patronId: number, title: string, dueDate: string) {
    const copyId = await addCopy(ctx.db, await addRecord(ctx.db, { title }), { status: 'on_loan' });
    await addLoan(ctx.db, { copy_id: copyId, patron_id: patronId, checked_out_at: ctx.clock.now(), due_date: dueDate });
  }
  /** A hold of the patron's ready for pickup, its copy on the hold shelf. */
  async function readyHold(patron: number, title: string, values: Partial<Insertable<HoldsTable>>) {
    const record = await addRecord(ctx.db, { title });
    await addHold(ctx.db, {
      patron_id: patron,
      record_id: record,
      copy_id: await addCopy(ctx.db, record, { status: 'on_hold_shelf' }),
      status: 'ready',
      ready_at: ctx.clock.now(),
      ...values,
    });
  }

  async function patronWithItems(values: { locale?: 'ja' | 'en' } = {}) {
    const patron = await addPatron(ctx.db, values);
    await lend(patron, '吾輩は猫である', '2026-12-15');
    await lend(patron, '草枕', '2026-12-15');
    await lend(patron, '坊っちゃん', '2026-12-20');
    await readyHold(patron, '三四郎', { pickup_deadline: '2026-12-10' });
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId: patron });
    return client;
  }
  const feed = (token: string) => new TestClient(ctx.app).get(`/calendar/${token}.ics`);

  it('makes a private URL shown once; the feed lists due dates and pickup deadlines as all-day events without titles', async () => {
    expect((await new TestClient(ctx.app).get('/account/calendar')).headers.get('Location')).toBe('/login?next=%2Faccount%2Fcalendar');
    const client = await patronWithItems();
    expect((await client.page('/account')).html).toContain('href="/account/calendar"');
    const first = await client.page('/account/calendar');
    expect(first.response.headers.get('Cache-Control')).toBe('private, no-store');
    expect(first.html).toContain('まだURLを発行していません。');

    const made = await client.post('/account/calendar/reset');
    expect(made.status).toBe(200);
    const html = await made.text();
    const token = tokenIn(html)!;
    expect(html).toContain(`value="http://127.0.0.1:3000/calendar/${token}.ics"`);
    expect(html).toContain(`href="webcal://127.0.0.1:3000/calendar/${token}.ics"`);
    // Only the hash is kept, so the page shows the URL no more.
    const later = (await client.page('/account/calendar')).html;
    expect(tokenIn(later)).toBeUndefined();
    expect(later).toContain('に発行したURLが使われています。');
    const stored = await ctx.db.selectFrom('calendar_feeds').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const response = await feed(token);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    const ics = await response.text();
    expect(ics).toContain('DTSTART;VALUE=DATE:20261215\r\n');
    expect(ics.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    for (const title of ['吾輩は猫である', '草枕', '坊っちゃん', '三四郎']) expect(ics).not.toContain(title);
    expect(eventsOf(ics)).toEqual([
      {
        date: '2026-12-10',
        allDay: true,
        summary: '予約資料の取置期限（1点・中央図書館）',
        description: expect.stringContaining('書名は表示していません'),
      },
      { date: '2026-12-15', allDay: true, summary: '返却期限（2点）', description: expect.stringContaining('/account') },
      { date: '2026-12-20', allDay: true, summary: '返却期限（1点）', description: expect.stringContaining('/account') },
    ]);
    expect(loggablePath(`http://x/calendar/${token}.ics`)).toBe('/calendar/:token');
  });

  it('puts a hold the bookmobile brings on its stop day at the station, apart from the hold shelf’s deadlines', async () => {
    const client = await patronWithItems();
    const patronId = (await ctx.db.selectFrom('patrons').select('id').executeTakeFirstOrThrow()).id;
    await readyHold(patronId, '銀河鉄道の夜', { pickup_place: 'bm-kita', pickup_stop_on: '2026-12-03', pickup_deadline: '2026-12-08' });
    await client.page('/account/calendar');
    const token = tokenIn(await (await client.post('/account/calendar/reset')).text())!;
    const events = eventsOf(await (await feed(token)).text());
    expect(events.map((e) => [e.date, e.summary])).toEqual([
      ['2026-12-03', '移動図書館で予約資料の受取（1点・BM 北公民館前）'],
      ['2026-12-10', '予約資料の取置期限（1点・中央図書館）'],
      ['2026-12-15', '返却期限（2点）'],
      ['2026-12-20', '返却期限（1点）'],
    ]);
    await client.post('/account/calendar', { titles: '1' });
    expect(eventsOf(await (await feed(token)).text())[0]!.summary).toBe('移動図書館で受取（BM 北公民館前）：銀河鉄道の夜');
  });

  it('shows titles once the patron opts in; a new URL makes the old one 404 (htmx); stopping ends the feed', async () => {
    const client = await patronWithItems();
    await client.page('/account/calendar');
    const old = tokenIn(await (await client.post('/account/calendar/reset')).text())!;
    const titles = await client.post('/account/calendar', { titles: '1' });
    expect(titles.headers.get('Location')).toBe('/account/calendar?done=titles');
    expect(eventsOf(await (await feed(old)).text()).map((e) => e.summary)).toEqual([
      '取置期限（中央図書館）：三四郎',
      '返却期限：吾輩は猫である、草枕',
      '返却期限：坊っちゃん',
    ]);
    const bad = await client.post('/account/calendar', { titles: 'yes' }, { headers: HTMX });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('書名を表示するかどうかはチェックボックスで選んでください。');

    const reset = await client.post('/account/calendar/reset', {}, { headers: HTMX });
    const fragment = await reset.text();
    expect(fragment).toMatch(/^<div id="calendar-feed"/);
    expect(fragment).toContain('<div id="announcer" hx-swap-oob="innerHTML">新しいURLを発行しました。');
    const fresh = tokenIn(fragment)!;
    expect(fresh).not.toBe(old);
    expect((await feed(old)).status).toBe(404);
    expect((await feed(fresh)).status).toBe(200);
    // Titles stay chosen across a new URL.
    expect(await (await feed(fresh)).text()).toContain('三四郎');

    const stopped = await client.post('/account/calendar/delete');
    expect(stopped.headers.get('Location')).toBe('/account/calendar?done=stopped');
    expect((await feed(fresh)).status).toBe(404);
    expect((await new TestClient(ctx.app).get('/calendar/not-a-token.ics')).status).toBe(404);
    const unsaved = await client.post('/account/calendar', { titles: '1' });
    expect(unsaved.status).toBe(422);
    expect(await unsaved.text()).toContain('先にURLを発行してください。');
  });

  it('speaks the patron’s language in the feed and on the page', async () => {
    const client = await patronWithItems({ locale: 'en' });
    const page = await client.page('/account/calendar', { 'Accept-Language': 'en' });
    expect(page.html).toContain('You have no calendar URL yet.');
    const token = tokenIn(await (await client.post('/account/calendar/reset', {}, { headers: { 'Accept-Language': 'en' } })).text())!;
    const events = eventsOf(await (await feed(token)).text());
    expect(events.map((e) => e.summary)).toEqual(['Reserved items to pick up (1, Central Library)', 'Items due (2)', 'Items due (1)']);
  });
});
