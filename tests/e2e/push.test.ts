/**
 * 「この端末に通知する」 in Chromium, as far as a headless browser without a
 * push service can go: the permission is asked only when the button is
 * pressed (never on load); refused, the page says how to allow it; granted,
 * the page subscribes through the service worker's pushManager with the
 * page's VAPID key, and since headless Chromium here reaches no push service
 * the subscription fails and the page says so. The service worker's push
 * handler is driven through the DevTools protocol (ServiceWorker.deliverPushMessage):
 * it shows the notification the server's payload describes.
 * Not covered here (no push service): a real subscription posted from the
 * browser (tests/http/push.test.ts posts one as the script would) and a tap
 * on the notification.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { axeViolations, launchChromium, PHONE } from '../support/browser.ts';
import { addPatron } from '../support/fixtures.ts';
import { startLiveServer, type LiveServer } from '../support/live-server.ts';

const PASSWORD = 'push2026';

describe('push notices in Chromium', () => {
  let ctx: TestContext;
  let server: LiveServer;
  let browser: Browser;
  let cards = 0;
  beforeAll(async () => {
    ctx = await createTestContext('pglite');
    server = await startLiveServer(ctx, (request) => ctx.app.fetch(request));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ctx?.close();
  });

  /**
   * A signed-in phone profile on /account/notices, controlled by the service
   * worker; Notification.requestPermission and pushManager.subscribe are
   * wrapped (still called) so the test sees when and how they are called.
   */
  async function noticesPage(permissions: string[]): Promise<{ context: BrowserContext; page: Page; patronId: number }> {
    const cardNumber = `0720${String(++cards).padStart(4, '0')}`;
    const patronId = await addPatron(ctx.db, { card_number: cardNumber, password_hash: await hashPassword(PASSWORD) });
    const context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP' });
    await context.grantPermissions(permissions, { origin: server.url });
    await context.addInitScript(() => {
      const seen = { asked: 0, subscribedWith: null as null | { userVisibleOnly: boolean; key: number[] } };
      Object.assign(window, { pushTest: seen });
      if (!('Notification' in window) || !('PushManager' in window)) return;
      const ask = Notification.requestPermission.bind(Notification);
      Notification.requestPermission = () => {
        seen.asked += 1;
        return ask();
      };
      const subscribe = PushManager.prototype.subscribe;
      PushManager.prototype.subscribe = function (options?: PushSubscriptionOptionsInit) {
        const key = options?.applicationServerKey as Uint8Array;
        seen.subscribedWith = { userVisibleOnly: options?.userVisibleOnly ?? false, key: Array.from(key) };
        return subscribe.call(this, options);
      };
    });
    const page = await signInToNotices(context, cardNumber);
    await page.evaluate(() => navigator.serviceWorker.ready);
    return { context, page, patronId };
  }

  /** A new page of `context`, signed in as `cardNumber` through the sign-in form and brought back to /account/notices. */
  async function signInToNotices(context: BrowserContext, cardNumber: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=${encodeURIComponent('/account/notices')}`);
    await page.fill('#card_number', cardNumber);
    await page.fill('#password', PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForURL(`${server.url}/account/notices`);
    return page;
  }

  const seen = (page: Page) =>
    page.evaluate(
      () =>
        (window as unknown as { pushTest: { asked: number; subscribedWith: { userVisibleOnly: boolean; key: number[] } | null } }).pushTest,
    );

  it('asks nothing on load; refused on the button, the page says how to allow notifications', async () => {
    const { context, page } = await noticesPage([]);
    try {
      await expect.poll(() => page.isVisible('#push-button')).toBe(true);
      expect(await page.textContent('#push-status')).toBe('');
      expect(await seen(page)).toEqual({ asked: 0, subscribedWith: null });
      await page.click('#push-button');
      await expect.poll(() => page.textContent('#push-status')).toContain('通知が許可されませんでした');
      expect((await seen(page)).asked).toBe(1);
      expect((await seen(page)).subscribedWith).toBeNull();
      expect(page.url()).toBe(`${server.url}/account/notices`);
    } finally {
      await context.close();
    }
  });

  it('without JavaScript, shows no button it cannot work and says how to turn notices on', async () => {
    const cardNumber = `0720${String(++cards).padStart(4, '0')}`;
    await addPatron(ctx.db, { card_number: cardNumber, password_hash: await hashPassword(PASSWORD) });
    const context = await browser.newContext({ viewport: PHONE, locale: 'ja-JP', javaScriptEnabled: false });
    try {
      const page = await signInToNotices(context, cardNumber);
      expect(await page.isVisible('#push-button')).toBe(false);
      expect(await page.textContent('#push-status')).toContain('JavaScriptが使えるブラウザーでこのページを開いてください');
    } finally {
      await context.close();
    }
  });

  it('passes axe-core with a device listed, its remove button named after it', async () => {
    const { context, page, patronId } = await noticesPage([]);
    try {
      await ctx.db
        .insertInto('push_subscriptions')
        .values({
          patron_id: patronId,
          endpoint: 'https://fcm.googleapis.com/fcm/send/e2e',
          p256dh: 'x',
          auth: 'y',
          browser: 'Chrome (Android)',
          session_id: null,
          device_key: 'e2e',
          created_at: ctx.clock.now(),
        })
        .execute();
      await page.reload();
      expect(await page.getAttribute('.push-devices button', 'aria-label')).toBe(
        'Chrome (Android)（2026/12/01 10:00に登録）への通知をやめる',
      );
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("granted, subscribes with the page's VAPID key and says so when the push service cannot be reached", async () => {
    const { context, page, patronId } = await noticesPage(['notifications']);
    try {
      await expect.poll(() => page.isVisible('#push-button')).toBe(true);
      expect((await seen(page)).asked).toBe(0);
      const vapidKey = (await page.getAttribute('#push-form', 'data-vapid-key'))!;
      await page.click('#push-button');
      await expect.poll(async () => (await seen(page)).subscribedWith).not.toBeNull();
      const { subscribedWith, asked } = await seen(page);
      expect(asked).toBe(1);
      expect(subscribedWith!.userVisibleOnly).toBe(true);
      expect(Buffer.from(subscribedWith!.key).toString('base64url')).toBe(vapidKey);
      // Headless Chromium here has no push service: the subscription fails, the page says so and keeps nothing.
      await expect.poll(() => page.textContent('#push-status'), { timeout: 20_000 }).toContain('通知の登録ができませんでした');
      expect(await page.isEnabled('#push-button')).toBe(true);
      expect(await ctx.db.selectFrom('push_subscriptions').select('id').where('patron_id', '=', patronId).execute()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the notification a push carries (the service worker push handler)', async () => {
    const { context, page } = await noticesPage(['notifications']);
    try {
      const cdp = await context.newCDPSession(page);
      const registrations = new Promise<string>((resolve) => {
        cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: list }) => {
          const ours = list.find((r) => r.scopeURL.startsWith(server.url) && !r.isDeleted);
          if (ours) resolve(ours.registrationId);
        });
      });
      await cdp.send('ServiceWorker.enable');
      const registrationId = await registrations;
      const payload = {
        title: '予約資料のご用意ができました',
        body: '銀河鉄道の夜（中央図書館、取置期限 2026年12月8日(火)）',
        url: '/account',
        tag: 'hold-1',
      };
      const shown = () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.ready;
          return (await registration.getNotifications()).map((n) => ({
            title: n.title,
            body: n.body,
            tag: n.tag,
            data: n.data as unknown,
          }));
        });
      // DevTools hands the push over without any answer, and on a loaded machine it was once
      // lost while the worker started; a push service delivers again too, and the tag keeps it one.
      await expect
        .poll(
          async () => {
            const notifications = await shown();
            if (notifications.length === 0) {
              await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId, data: JSON.stringify(payload) });
            }
            return notifications;
          },
          { interval: 2_000, timeout: 20_000 },
        )
        .toEqual([{ title: payload.title, body: payload.body, tag: 'hold-1', data: { url: '/account' } }]);
    } finally {
      await context.close();
    }
  });
});
