/** The Web Push settings and rules (SPEC §10, §14): what the environment may say, which subscriptions are kept, how devices are named and what a push service's answer means. */
import webPush from 'web-push';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import type { HoldReadyPushData } from '../../src/db/schema.ts';
import { holdReadyPayload } from '../../src/push/push.delivery.ts';
import { browserLabel, classifyPushAnswer, retryAfterMs, subscriptionProblems } from '../../src/push/push.rules.ts';
import { browserSubscription } from '../support/push-service.ts';

const production = { NODE_ENV: 'production', BASE_URL: 'https://library.example.jp', SMTP_URL: 'smtp://mail.example.jp' };

describe('the push environment', () => {
  it('defaults to a pair kept in the database, the sender as subject, https endpoints only', () => {
    expect(loadConfig({ MAIL_FROM: 'no-reply@library.example.jp' }).push).toEqual({
      vapidKeys: undefined,
      subject: 'mailto:no-reply@library.example.jp',
      allowHttp: false,
    });
  });

  it('takes a key pair and subject from the environment', () => {
    const keys = webPush.generateVAPIDKeys();
    const config = loadConfig({
      VAPID_PUBLIC_KEY: keys.publicKey,
      VAPID_PRIVATE_KEY: keys.privateKey,
      VAPID_SUBJECT: 'https://library.example.jp/contact',
    });
    expect(config.push).toMatchObject({ vapidKeys: keys, subject: 'https://library.example.jp/contact' });
  });

  it('refuses half a pair, a malformed key or subject, and PUSH_ALLOW_HTTP in production, each in one line', () => {
    const keys = webPush.generateVAPIDKeys();
    const refusals: [Record<string, string>, RegExp][] = [
      [{ VAPID_PUBLIC_KEY: keys.publicKey }, /^VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together/],
      [{ VAPID_PUBLIC_KEY: 'abc', VAPID_PRIVATE_KEY: keys.privateKey }, /^VAPID_PUBLIC_KEY must be a P-256 public key/],
      [{ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.publicKey }, /^VAPID_PRIVATE_KEY must be a P-256 private key/],
      [{ VAPID_SUBJECT: 'http://library.example.jp' }, /^VAPID_SUBJECT must be a mailto: address or an https: URL/],
      [{ PUSH_ALLOW_HTTP: 'yes' }, /^PUSH_ALLOW_HTTP must be 1 or 0/],
      [{ ...production, PUSH_ALLOW_HTTP: '1' }, /^PUSH_ALLOW_HTTP=1 is for tests only and cannot be used with NODE_ENV=production/],
    ];
    for (const [env, message] of refusals) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    }
    expect(loadConfig({ PUSH_ALLOW_HTTP: '1' }).push.allowHttp).toBe(true);
    expect(loadConfig({ ...production, PUSH_ALLOW_HTTP: '0' }).push.allowHttp).toBe(false);
  });
});

describe('subscriptionProblems', () => {
  const good = browserSubscription('https://fcm.googleapis.com/fcm/send/abc').fields;

  it('keeps a browser subscription as browsers send it, padded or not', () => {
    expect(subscriptionProblems(good, false)).toEqual([]);
    expect(subscriptionProblems({ ...good, auth: `${good.auth}==` }, false)).toEqual([]);
  });

  it('takes plain http only on loopback and only when allowed', () => {
    for (const endpoint of ['http://127.0.0.1:9999/p', 'http://localhost/p', 'http://[::1]:80/p']) {
      expect(subscriptionProblems({ ...good, endpoint }, true)).toEqual([]);
      expect(subscriptionProblems({ ...good, endpoint }, false)).toEqual([{ field: 'endpoint', problem: 'endpointInsecure' }]);
    }
    expect(subscriptionProblems({ ...good, endpoint: 'http://push.example.com/p' }, true)).toEqual([
      { field: 'endpoint', problem: 'endpointInsecure' },
    ]);
  });

  it('names every bad field', () => {
    expect(subscriptionProblems({ endpoint: 'https://user:pw@push.example.com/', p256dh: 'BAAA', auth: 'x'.repeat(500) }, false)).toEqual([
      { field: 'endpoint', problem: 'endpoint' },
      { field: 'p256dh', problem: 'p256dh' },
      { field: 'auth', problem: 'auth' },
    ]);
    // 65 bytes that are not an uncompressed point (no 0x04 first).
    const notAPoint = Buffer.alloc(65, 1).toString('base64url');
    expect(subscriptionProblems({ ...good, p256dh: notAPoint }, false)).toEqual([{ field: 'p256dh', problem: 'p256dh' }]);
  });
});

describe('browserLabel', () => {
  it('names the browser and system as patrons know them', () => {
    const cases: [string, string][] = [
      [
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
        'Chrome (Android)',
      ],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
        'Safari (iOS)',
      ],
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
        'Edge (Windows)',
      ],
      ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox (macOS)'],
      [
        'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
        'Samsung Internet (Android)',
      ],
    ];
    for (const [userAgent, label] of cases) expect(browserLabel(userAgent)).toBe(label);
    expect(browserLabel(undefined)).toBe('Browser');
  });
});

describe('classifyPushAnswer', () => {
  it('sends on 2xx, retries 429 and 5xx, drops the device on 404 and 410, gives up on other refusals', () => {
    expect([200, 201, 202].map(classifyPushAnswer)).toEqual(['sent', 'sent', 'sent']);
    expect([429, 500, 502, 503].map(classifyPushAnswer)).toEqual(['retry', 'retry', 'retry', 'retry']);
    expect([404, 410].map(classifyPushAnswer)).toEqual(['gone', 'gone']);
    expect([400, 401, 403, 413].map(classifyPushAnswer)).toEqual(['failed', 'failed', 'failed', 'failed']);
  });
});

describe('retryAfterMs', () => {
  const now = new Date('2026-12-01T01:00:00Z');
  it('reads seconds or an HTTP date, ignores nonsense and the past, and caps a wait at two days', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 02:00:00 GMT', now)).toBe(3_600_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 00:00:00 GMT', now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('9999999', now)).toBe(48 * 3_600_000);
  });
});

describe('holdReadyPayload', () => {
  const config = loadConfig({});
  const payload = (data: HoldReadyPushData, locale: 'ja' | 'en') =>
    JSON.parse(holdReadyPayload({ data, locale, hold_id: 7 }, config)) as { body: string; url: string; tag: string };

  it('names the title, place and deadline, and for a bookmobile station the stop the copy rides to', () => {
    expect(payload({ title: '銀河鉄道の夜', place: 'main', deadline: '2026-12-08' }, 'ja')).toMatchObject({
      body: expect.stringMatching(/^銀河鉄道の夜（.+、取置期限 .*12月8日.*）$/),
      url: '/account',
      tag: 'hold-7',
    });
    const atStop = payload({ title: '銀河鉄道の夜', place: 'bm-kita', deadline: '2026-12-22', stop: '2026-12-15' }, 'en');
    expect(atStop.body).toMatch(/^銀河鉄道の夜 \(BM Kita Community Hall, on the bookmobile stop of .*15.*; pick up by .*22.*\)$/);
  });
});
