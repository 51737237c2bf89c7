/**
 * Web Push for ready holds (SPEC §14), on PGlite and PostgreSQL, against a
 * stand-in push service on loopback (PUSH_ALLOW_HTTP): the patron subscribes
 * a device on /account/notices; a hold made ready at checkin queues a notice
 * per device in the same transaction; the worker's delivery sends it
 * encrypted (aes128gcm, decrypted here with the browser's keys made in the
 * test) and signed (VAPID, verified here with the key the page hands out);
 * retries, removal on 410, one notice per hold and device, nothing for
 * 連絡不要; logout, password change and delete-patron remove devices.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import webPush from 'web-push';
import { runAdminCommand } from '../../src/admin/run-command.ts';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { checkin, circulationContext } from '../../src/circulation/circulation.repo.ts';
import type { ContactMethod } from '../../src/db/schema.ts';
import { formatCalendarDate } from '../../src/i18n/format.ts';
import { GIVE_UP_AFTER_MS } from '../../src/mail/mail.rules.ts';
import { deliverDuePushes } from '../../src/push/push.delivery.ts';
import { queueHoldReadyPushes } from '../../src/push/push.repo.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addLoan, addPatron, addRecord } from '../support/fixtures.ts';
import { browserSubscription, decryptPush, type PushService, startPushService, verifyVapid } from '../support/push-service.ts';
import { signInDirectly } from '../support/sign-in.ts';

const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

let service: PushService;
beforeAll(async () => {
  service = await startPushService();
});
afterAll(() => service.close());

describe.each(databaseKinds)('web push on %s', (kind) => {
  let ctx: TestContext;
  let patronId: number;
  let cardNumber: string;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { push: { vapidKeys: undefined, subject: 'mailto:push@library.example.jp', allowHttp: true } });
    patronId = await addPatron(ctx.db, { password_hash: await hashPassword('hanako1') });
    cardNumber = (await ctx.db.selectFrom('patrons').select('card_number').where('id', '=', patronId).executeTakeFirstOrThrow())
      .card_number;
    service.received.length = 0;
  });
  afterEach(() => ctx.close());

  /** A signed-in browser of the patron (its User-Agent names the device in the list). */
  async function device(userAgent = ANDROID_CHROME) {
    const client = new TestClient(ctx.app, { 'User-Agent': userAgent });
    await signInDirectly(ctx, client, { patronId });
    return client;
  }

  /** Subscribes a new browser subscription through the page's form, as static/push.js does. */
  async function subscribe(client: TestClient) {
    const subscription = browserSubscription(`${service.origin}/push/${crypto.randomUUID()}`);
    await client.page('/account/notices');
    const response = await client.post('/account/push', subscription.fields);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/account/notices?done=pushSubscribed');
    return subscription;
  }

  /** A hold of the patron on a title whose copy is out; checkin makes it ready at 中央図書館. */
  async function holdMadeReady(title: string, contact: ContactMethod = 'phone') {
    const recordId = await addRecord(ctx.db, { title });
    const copyId = await addCopy(ctx.db, recordId, { status: 'on_loan' });
    await addLoan(ctx.db, { copy_id: copyId, patron_id: await addPatron(ctx.db), checked_out_at: ctx.clock.now(), due_date: '2026-12-10' });
    const holdId = await addHold(ctx.db, { patron_id: patronId, record_id: recordId, contact, placed_at: ctx.clock.now() });
    const barcode = (await ctx.db.selectFrom('copies').select('barcode').where('id', '=', copyId).executeTakeFirstOrThrow()).barcode;
    const outcome = await checkin(ctx.db, await circulationContext(ctx.db, ctx.config, ctx.clock.now(), null), { barcode, place: 'main' });
    expect(outcome).toMatchObject({ kind: 'ok' });
    return ctx.db.selectFrom('holds').select(['id', 'status', 'pickup_deadline']).where('id', '=', holdId).executeTakeFirstOrThrow();
  }

  const deliver = () => deliverDuePushes({ db: ctx.db, clock: ctx.clock, config: ctx.config });
  const notices = () => ctx.db.selectFrom('push_outbox').selectAll().orderBy('id').execute();
  const devices = () => ctx.db.selectFrom('push_subscriptions').select(['endpoint', 'browser']).orderBy('id').execute();

  it('lists a subscribed device by browser and date, not its endpoint, and removes it with the plain form', async () => {
    const client = await device();
    const { html } = await client.page('/account/notices');
    expect(html).toContain('この端末に通知する');
    expect(html).toContain('通知する端末はありません。');
    const vapidKey = /data-vapid-key="([\w-]+)"/.exec(html)![1]!;
    expect(Buffer.from(vapidKey, 'base64url')).toHaveLength(65);
    // The script that asks for permission comes with this page only.
    expect(html).toMatch(/<script src="\/static\/push\.[0-9a-f]+\.js" defer/);
    expect((await client.page('/account')).html).not.toContain('/static/push.');

    const subscription = await subscribe(client);
    const { html: listed } = await client.page('/account/notices?done=pushSubscribed');
    expect(listed).toContain('この端末に通知します。');
    expect(listed).toContain('Chrome (Android)（2026/12/01 10:00に登録）');
    // The endpoint is only the remove form's hidden value, never shown.
    expect(listed.split(subscription.fields.endpoint)).toHaveLength(2);
    expect(listed).toContain(`<input type="hidden" name="endpoint" value="${subscription.fields.endpoint}"/>`);

    const removed = await client.submit('/account/push/delete', { endpoint: subscription.fields.endpoint });
    expect(await removed.text()).toContain('この端末への通知をやめました。');
    expect(await devices()).toEqual([]);
    const again = await client.post('/account/push/delete', { endpoint: subscription.fields.endpoint });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('その端末は登録されていません。');
  });

  it('refuses a bad subscription field by field, in both languages, and keeps nothing', async () => {
    const client = await device();
    const good = browserSubscription(`${service.origin}/push/x`).fields;
    const cases: [Record<string, string>, string, string][] = [
      [
        { ...good, endpoint: 'not a url' },
        '通知の送り先（endpoint）が正しくありません。',
        'The notification address (endpoint) is not valid.',
      ],
      [
        { ...good, endpoint: 'http://push.example.com/x' },
        '通知の送り先はhttpsのアドレスでなければなりません。',
        'must be an https address',
      ],
      [{ ...good, endpoint: `https://push.example.com/${'a'.repeat(2100)}` }, '通知の送り先（endpoint）が正しくありません。', 'endpoint'],
      [{ ...good, endpoint: 'ftp://push.example.com/x' }, '通知の送り先（endpoint）が正しくありません。', 'endpoint'],
      [
        { ...good, p256dh: good.p256dh.slice(0, 40) },
        '通知の暗号鍵（p256dh）が正しくありません。',
        'The notification key (p256dh) is not valid.',
      ],
      [{ ...good, p256dh: `${good.p256dh.slice(1)}!` }, '通知の暗号鍵（p256dh）', 'p256dh'],
      [{ ...good, p256dh: 'A'.repeat(5000) }, '通知の暗号鍵（p256dh）', 'p256dh'],
      [
        { ...good, auth: good.auth.slice(0, 10) },
        '通知の認証鍵（auth）が正しくありません。',
        'The notification secret (auth) is not valid.',
      ],
      [{ ...good, auth: '' }, '通知の認証鍵（auth）', 'auth'],
    ];
    for (const [fields, ja, en] of cases) {
      await client.page('/account/notices');
      const response = await client.post('/account/push', fields);
      expect(response.status).toBe(422);
      expect(await response.text()).toContain(ja);
      client.setCookie('lang', 'en');
      const english = await client.post('/account/push', fields);
      expect(english.status).toBe(422);
      expect(await english.text()).toContain(en);
      client.setCookie('lang', 'ja');
    }
    expect(await devices()).toEqual([]);

    // Without PUSH_ALLOW_HTTP even loopback must be https.
    const strict = await createTestContext(kind, { push: { vapidKeys: undefined, subject: 'mailto:a@b.jp', allowHttp: false } });
    try {
      const patron = await addPatron(strict.db);
      const browser = new TestClient(strict.app);
      await signInDirectly(strict, browser, { patronId: patron });
      await browser.page('/account/notices');
      const refused = await browser.post('/account/push', good);
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('通知の送り先はhttpsのアドレスでなければなりません。');
    } finally {
      await strict.close();
    }
  });

  it('sends one encrypted, VAPID-signed notice per device when a hold becomes ready, naming the title and deadline, never the card', async () => {
    const phone = await subscribe(await device(ANDROID_CHROME));
    const ipad = await subscribe(await device(IPHONE_SAFARI));
    await ctx.db.updateTable('patrons').set({ locale: 'en' }).where('id', '=', patronId).execute();
    const hold = await holdMadeReady('銀河鉄道の夜');
    expect(hold.status).toBe('ready');
    expect(hold.pickup_deadline).toBe('2026-12-08');
    expect(await notices()).toHaveLength(2);

    expect(await deliver()).toMatchObject({ sent: 2, retrying: 0, failed: 0, gone: 0 });
    expect(service.received).toHaveLength(2);
    const { html } = await (await device()).page('/account/notices');
    const vapidKey = /data-vapid-key="([\w-]+)"/.exec(html)![1]!;
    for (const subscription of [phone, ipad]) {
      const request = service.received.find((r) => `${service.origin}${r.path}` === subscription.fields.endpoint)!;
      expect(request.headers['content-encoding']).toBe('aes128gcm');
      expect(Number(request.headers.ttl)).toBeGreaterThan(0);
      const vapid = verifyVapid(request.headers.authorization as string);
      expect(vapid.key).toBe(vapidKey);
      expect(vapid.claims.aud).toBe(service.origin);
      expect(vapid.claims.sub).toBe('mailto:push@library.example.jp');
      expect(vapid.claims.exp * 1000).toBeGreaterThan(Date.now());
      const payload = JSON.parse(decryptPush(request.body, subscription)) as Record<string, string>;
      expect(payload).toEqual({
        title: 'Your reserved item is ready for pickup',
        body: `銀河鉄道の夜 (Central Library, pick up by ${formatCalendarDate('2026-12-08', 'en')})`,
        url: '/account',
        tag: `hold-${hold.id}`,
      });
      expect(JSON.stringify(payload)).not.toContain(cardNumber);
    }
    // Finished notices forget the title; nothing is sent twice.
    expect((await notices()).map((n) => [n.status, n.data])).toEqual([
      ['sent', null],
      ['sent', null],
    ]);
    expect(await deliver()).toMatchObject({ sent: 0 });
    await queueHoldReadyPushes(ctx.db, {
      holdId: hold.id,
      patronId,
      locale: 'ja',
      data: { title: '銀河鉄道の夜', place: 'main', deadline: '2026-12-08' },
      now: ctx.clock.now(),
    });
    expect(await notices()).toHaveLength(2);
    expect(await deliver()).toMatchObject({ sent: 0 });
    expect(service.received).toHaveLength(2);

    // After the sent-mail retention (30 days) the daily job deletes finished notices, as it deletes sent mail.
    const retention = async (date: string) => {
      const run = await runAdminCommand('run-jobs', ['--date', date], { database: ctx.database, config: ctx.config, clock: ctx.clock });
      expect(run.exitCode).toBe(0);
      return run.out.find((line) => line.startsWith('retention'))!;
    };
    expect(await retention('2026-12-30')).toContain('finishedPushes 0');
    expect(await retention('2027-01-01')).toContain('finishedPushes 2');
    expect(await notices()).toEqual([]);
  });

  it('writes in Japanese by default and sends nothing for a hold whose contact is 連絡不要', async () => {
    const subscription = await subscribe(await device());
    await holdMadeReady('風の又三郎', 'none');
    expect(await notices()).toEqual([]);
    await holdMadeReady('注文の多い料理店', 'email');
    await deliver();
    expect(service.received).toHaveLength(1);
    const payload = JSON.parse(decryptPush(service.received[0]!.body, subscription)) as Record<string, string>;
    expect(payload.title).toBe('予約資料のご用意ができました');
    expect(payload.body).toBe(`注文の多い料理店（中央図書館、取置期限 ${formatCalendarDate('2026-12-08', 'ja')}）`);
  });

  it('retries 5xx and 429 with backoff, and drops the device when the push service answers 410', async () => {
    await subscribe(await device());
    await holdMadeReady('銀河鉄道の夜');
    service.answerWith(503, 429);
    expect(await deliver()).toMatchObject({ retrying: 1 });
    const [first] = await notices();
    expect(first).toMatchObject({ status: 'queued', attempts: 1, last_error: 'push service answered 503' });
    expect(first!.next_attempt_at.getTime()).toBeGreaterThan(ctx.clock.now().getTime());
    expect(await deliver()).toMatchObject({ retrying: 0, sent: 0 });
    ctx.clock.set(first!.next_attempt_at);
    expect(await deliver()).toMatchObject({ retrying: 1 });
    const [second] = await notices();
    expect(second).toMatchObject({ status: 'queued', attempts: 2, last_error: 'push service answered 429' });
    ctx.clock.set(second!.next_attempt_at);
    // A Retry-After longer than the backoff is waited out.
    service.answerWith({ status: 429, headers: { 'Retry-After': '7200' } });
    expect(await deliver()).toMatchObject({ retrying: 1 });
    const [third] = await notices();
    expect(third!.next_attempt_at.getTime() - ctx.clock.now().getTime()).toBe(7_200_000);
    ctx.clock.set(third!.next_attempt_at);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(service.received).toHaveLength(4);

    // A notice that cannot go for two days is given up.
    await holdMadeReady('風の又三郎');
    service.answerWith(500);
    ctx.clock.advanceMinutes(1);
    await deliver();
    ctx.clock.set(new Date(ctx.clock.now().getTime() + GIVE_UP_AFTER_MS));
    service.answerWith(500);
    expect(await deliver()).toMatchObject({ failed: 1 });

    await holdMadeReady('注文の多い料理店');
    service.answerWith(410);
    expect(await deliver()).toMatchObject({ gone: 1 });
    expect(await devices()).toEqual([]);
    expect(await notices()).toEqual([]);
  });

  it("removes that device's subscription at its logout, and every device's at a password change", async () => {
    const phone = await device(ANDROID_CHROME);
    const laptop = await device(IPHONE_SAFARI);
    await subscribe(phone);
    const kept = await subscribe(laptop);
    await phone.page('/account');
    expect((await phone.post('/logout', {})).status).toBe(303);
    expect(await devices()).toEqual([{ endpoint: kept.fields.endpoint, browser: 'Safari (iOS)' }]);

    // A later sign-in on the same browser (the subscribing session timed out) still removes it at logout: the device cookie says which.
    const tablet = await device(ANDROID_CHROME);
    const tabletSubscription = await subscribe(tablet);
    ctx.clock.advanceMinutes(ctx.config.rules.session.idleMinutes + 1);
    expect((await tablet.page('/account/notices')).response.status).toBe(303);
    await signInDirectly(ctx, tablet, { patronId });
    expect((await devices()).map((d) => d.endpoint)).toContain(tabletSubscription.fields.endpoint);
    await tablet.page('/account');
    expect((await tablet.post('/logout', {})).status).toBe(303);
    expect(await devices()).toEqual([{ endpoint: kept.fields.endpoint, browser: 'Safari (iOS)' }]);

    await subscribe(await device());
    await signInDirectly(ctx, laptop, { patronId });
    await laptop.page('/account/password');
    const changed = await laptop.post('/account/password', {
      current_password: 'hanako1',
      new_password: 'neko77',
      new_password_confirm: 'neko77',
    });
    expect(changed.status).toBe(303);
    expect(await devices()).toEqual([]);
  });

  it('patron-data lists the devices and their notices; delete-patron removes them', async () => {
    const subscription = await subscribe(await device());
    await holdMadeReady('銀河鉄道の夜');
    const shown = await runAdminCommand('patron-data', [cardNumber], { database: ctx.database, config: ctx.config, clock: ctx.clock });
    expect(shown.exitCode).toBe(0);
    const data = JSON.parse(shown.out.join('\n')) as { pushDevices: unknown[]; pushNotices: unknown[] };
    expect(data.pushDevices).toEqual([
      { browser: 'Chrome (Android)', endpoint: subscription.fields.endpoint, createdAt: expect.any(String) },
    ]);
    expect(data.pushNotices).toMatchObject([{ browser: 'Chrome (Android)', status: 'queued', data: { title: '銀河鉄道の夜' } }]);

    const erased = await runAdminCommand('delete-patron', [cardNumber], { database: ctx.database, config: ctx.config, clock: ctx.clock });
    expect(erased.exitCode).toBe(0);
    expect(await devices()).toEqual([]);
    expect(await notices()).toEqual([]);
  });

  it('hands out one VAPID key pair kept in the database, or the one the environment sets', async () => {
    const client = await device();
    const keyOnPage = async (app: TestClient) => /data-vapid-key="([\w-]+)"/.exec((await app.page('/account/notices')).html)![1]!;
    const first = await keyOnPage(client);
    expect(await keyOnPage(client)).toBe(first);
    const stored = await ctx.db.selectFrom('site_secrets').select('value').where('name', '=', 'vapid').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.value)).toMatchObject({ publicKey: first });

    // Another process that stored its pair first wins: a new one is made only when none is kept (insert-or-nothing, then read).
    const raced = await createTestContext(kind, ctx.config);
    try {
      const theirs = webPush.generateVAPIDKeys();
      await raced.db
        .insertInto('site_secrets')
        .values({ name: 'vapid', value: JSON.stringify(theirs) })
        .execute();
      const browser = new TestClient(raced.app);
      await signInDirectly(raced, browser, { patronId: await addPatron(raced.db) });
      expect(await keyOnPage(browser)).toBe(theirs.publicKey);
    } finally {
      await raced.close();
    }

    const keys = webPush.generateVAPIDKeys();
    const fixed = await createTestContext(kind, { push: { vapidKeys: keys, subject: 'mailto:a@b.jp', allowHttp: true } });
    try {
      const browser = new TestClient(fixed.app);
      await signInDirectly(fixed, browser, { patronId: await addPatron(fixed.db) });
      expect(await keyOnPage(browser)).toBe(keys.publicKey);
      expect(await fixed.db.selectFrom('site_secrets').select('name').where('name', '=', 'vapid').execute()).toEqual([]);
    } finally {
      await fixed.close();
    }
  });

  it('shows staff whether the patron has a subscribed device', async () => {
    const staffId = (
      await ctx.db
        .insertInto('staff')
        .values({ username: 'desk1', password_hash: 'x', role: 'desk' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const desk = new TestClient(ctx.app);
    await signInDirectly(ctx, desk, { staffId });
    expect((await desk.page(`/staff/patrons/${cardNumber}`)).html).toMatch(/通知する端末<\/dt><dd>なし<\/dd>/);
    await subscribe(await device());
    expect((await desk.page(`/staff/patrons/${cardNumber}`)).html).toContain('1台（予約資料のご用意を通知）');
  });
});
