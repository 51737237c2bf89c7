/**
 * The whole journey in Chromium at a phone's size, as a patron and a
 * librarian meet it: search by kana → the record → the cart → sign in →
 * ⑤ pickup at a bookmobile station with mail contact → ⑦ → ⑧ → the hold
 * with its position on the account page → the librarian (a second browser
 * context) checks the copy in, it travels to the station and is received
 * there → the ready mail arrives at a real SMTP listener, in the patron's
 * language → 予約確保一覧 shows it with its deadline → the librarian checks
 * it out → the loan appears → renewal → sign-out. In both locales, with
 * and without JavaScript.
 */
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { buildSearchText } from '../../src/catalog/catalog.rules.ts';
import { formatCalendarDate } from '../../src/i18n/format.ts';
import { translator } from '../../src/i18n/index.ts';
import { deliverDueMails } from '../../src/mail/mail.delivery.ts';
import { mailSubject } from '../../src/mail/mail.templates.ts';
import { smtpTransport } from '../../src/mail/mail.transport.ts';
import { clickAndSettle, DESKTOP, PHONE } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { addCopy, addLoan, addPatron, addRecord } from '../support/fixtures.ts';
import { startSmtpSink } from '../support/smtp.ts';

const KANJI_NUMERALS = ['一', '二', '三', '四'];
const STATION = 'bm-kita';

describe('the whole journey in Chromium (phone)', () => {
  const suite = browserSuite();
  let walk = 0;

  /** A title found by its reading, its only copy lent to someone else; a patron with a password and a confirmed address; a librarian. */
  async function prepare() {
    const { ctx } = suite;
    walk += 1;
    const title = `銀河鉄道の夜 ${KANJI_NUMERALS[walk - 1]}`;
    const recordId = await addRecord(ctx.db, {
      title,
      title_kana: 'ぎんがてつどうのよる',
      author: '宮沢 賢治',
      author_kana: 'みやざわ けんじ',
      search_text: buildSearchText({
        title,
        titleKana: 'ぎんがてつどうのよる',
        author: '宮沢 賢治',
        authorKana: 'みやざわ けんじ',
        publisher: '',
        subject: '',
        series: '',
        seriesKana: '',
      }),
    });
    const barcode = `J${walk}000001`;
    const copyId = await addCopy(ctx.db, recordId, { barcode, status: 'on_loan' });
    await addLoan(ctx.db, { copy_id: copyId, patron_id: await addPatron(ctx.db), checked_out_at: ctx.clock.now(), due_date: '2026-12-15' });
    const card = `0510000${walk}`;
    const patronId = await addPatron(ctx.db, {
      card_number: card,
      password_hash: await hashPassword('journey1'),
      email: `journey${walk}@example.jp`,
      email_confirmed_at: ctx.clock.now(),
    });
    const username = `desk${walk}`;
    await ctx.db
      .insertInto('staff')
      .values({ username, role: 'desk', password_hash: await hashPassword('desk-journey-2026') })
      .execute();
    return { title, recordId, barcode, card, patronId, username, email: `journey${walk}@example.jp` };
  }

  async function newContext(locale: 'ja' | 'en', javaScript: boolean, viewport: typeof PHONE): Promise<BrowserContext> {
    const context = await suite.browser.newContext({
      viewport,
      locale: locale === 'ja' ? 'ja-JP' : 'en-GB',
      javaScriptEnabled: javaScript,
    });
    await context.addCookies([{ name: 'lang', value: locale, url: suite.server.url }]);
    return context;
  }

  for (const locale of ['ja', 'en'] as const) {
    for (const javaScript of [true, false]) {
      it(`goes from a kana search to a renewed loan and out (${locale}, ${javaScript ? 'with' : 'without'} JavaScript)`, async () => {
        const { ctx, server } = suite;
        const t = translator(locale);
        const the = await prepare();
        const patron = await newContext(locale, javaScript, PHONE);
        const desk = await newContext(locale, javaScript, DESKTOP);
        const page = await patron.newPage();
        const staff = await desk.newPage();
        const errors: string[] = [];
        for (const p of [page, staff]) p.on('pageerror', (error) => errors.push(error.message));

        // ① search by the reading, in kana.
        await page.goto(server.url);
        await page.fill('#q', 'ぎんがてつどう');
        await clickAndSettle(page, 'main form[role=search] button[type=submit]');
        // ② the record, 「カートに入れる」.
        await clickAndSettle(page, `a.result:has-text("${the.title}")`);
        expect(page.url()).toContain(`/records/${the.recordId}`);
        await clickAndSettle(page, 'form[action="/cart"] button');
        // ③ the cart, 「予約する」; ④ sign in and back into the flow.
        await clickAndSettle(page, 'header a[href="/cart"]');
        expect(await page.textContent('main')).toContain(the.title);
        await clickAndSettle(page, 'main a[href="/reserve"]');
        expect(page.url()).toContain('/login?next=%2Freserve');
        await page.fill('#card_number', the.card);
        await page.fill('#password', 'journey1');
        await clickAndSettle(page, 'main button[type=submit]');
        // ⑤ a bookmobile station and mail; ⑦ confirm; ⑧ the result.
        expect(new URL(page.url()).pathname).toBe('/reserve');
        await page.check(`input[name=pickup][value=${STATION}]`);
        await page.check('input[name=contact][value=email]');
        await clickAndSettle(page, 'main form[action="/reserve/confirm"] button[type=submit]');
        expect(await page.textContent('h1')).toBe(t('reserve.confirm.title'));
        const stationName = ctx.config.rules.pickupPlaces.find((p) => p.code === STATION)!.name[locale];
        expect(await page.textContent('main')).toContain(stationName);
        await clickAndSettle(page, 'main form[action="/reserve"] button[type=submit]');
        expect(await page.textContent('h1')).toBe(t('reserve.result.title'));
        expect(await page.textContent('main')).toContain(t('reserve.result.placed', { position: 1 }));
        await clickAndSettle(page, 'main a.button[href="/account"]');
        const holds = await page.textContent('#holds');
        expect(holds).toContain(the.title);
        expect(holds).toContain(t('holds.positionValue', { position: 1 }));

        // The librarian checks the copy in at the main library: it travels to the station, where it is received.
        await staff.goto(`${server.url}/staff/checkin`);
        await staff.fill('#username', the.username);
        await staff.fill('#password', 'desk-journey-2026');
        await clickAndSettle(staff, 'main button[type=submit]');
        await staff.fill('#barcode', the.barcode);
        await staff.selectOption('#place', 'main');
        await clickAndSettle(staff, '#desk button[type=submit]');
        expect(await staff.textContent('#desk')).toContain(t('desk.destination.transit', { place: stationName }));
        await staff.goto(`${server.url}/staff/checkin/receive?place=${STATION}`);
        await staff.fill('#barcode', the.barcode);
        await clickAndSettle(staff, '#desk button[type=submit]');
        const hold = await ctx.db
          .selectFrom('holds')
          .select(['status', 'pickup_deadline'])
          .where('patron_id', '=', the.patronId)
          .executeTakeFirstOrThrow();
        expect(hold.status).toBe('ready');

        // The worker's delivery, run once, to a real SMTP listener: the notice in the patron's language.
        const sink = await startSmtpSink();
        const transport = smtpTransport(sink.url);
        try {
          await deliverDueMails({ db: ctx.db, clock: ctx.clock, transport, settings: ctx.config });
          await sink.waitForMails(1);
          const [mail] = sink.received;
          expect(mail?.to).toMatchObject({ text: the.email });
          expect(mail?.subject).toBe(mailSubject('hold-ready', locale));
          expect(mail?.text).toContain(the.title);
          expect(mail?.text).toContain(stationName);
          expect(mail?.text).toContain(formatCalendarDate(hold.pickup_deadline!, locale));
        } finally {
          transport.close();
          await sink.stop();
        }

        // 予約確保一覧 with its deadline.
        await page.goto(`${server.url}/account`);
        const ready = await page.textContent('#holds');
        expect(ready).toContain(t('holds.ready.heading'));
        expect(ready).toContain(formatCalendarDate(hold.pickup_deadline!, locale));

        // The librarian checks it out at the station.
        await staff.goto(`${server.url}/staff/checkout`);
        await staff.fill('#card_number', the.card);
        await clickAndSettle(staff, 'main form[action="/staff/checkout"] button[type=submit]');
        await staff.fill('#barcode', the.barcode);
        await clickAndSettle(staff, '#desk button[type=submit]');
        expect(await staff.textContent('.notice.success')).toContain(the.title);

        // The loan is on the account page, and is renewed.
        await page.goto(`${server.url}/account`);
        const loan = await ctx.db.selectFrom('loans').select('id').where('patron_id', '=', the.patronId).executeTakeFirstOrThrow();
        expect(await page.textContent(`#loan-${loan.id}`)).toContain(the.title);
        await clickAndSettle(page, `form[action="/account/loans/${loan.id}/renew"] button`);
        const renewed = await ctx.db
          .selectFrom('loans')
          .select(['renewals', 'due_date'])
          .where('id', '=', loan.id)
          .executeTakeFirstOrThrow();
        expect(renewed.renewals).toBe(1);
        const outcome = t('loans.done.renewed', { title: the.title, date: formatCalendarDate(renewed.due_date, locale) });
        expect(await page.textContent(javaScript ? '#announcer' : 'main')).toContain(outcome);

        // Sign-out: the account is behind the sign-in again.
        await clickAndSettle(page, 'header form[action="/logout"] button');
        expect(page.url()).toContain('/login?done=loggedOut');
        await page.goto(`${server.url}/account`);
        expect(new URL(page.url()).pathname).toBe('/login');
        expect(errors).toEqual([]);
        await patron.close();
        await desk.close();
      }, 180_000);
    }
  }
});
