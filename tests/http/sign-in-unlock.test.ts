/**
 * The one-time unlock link (SPEC §1, Issue 17 item 8): a card that locks
 * mails its holder, when they have a confirmed address, a link that ends the
 * lock early; every other card gets nothing, and the answer never says which.
 * On PGlite and PostgreSQL, with the mail delivered to a real SMTP listener.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { hashToken } from '../../src/http/session.ts';
import { deliverDueMails } from '../../src/mail/mail.delivery.ts';
import { smtpTransport } from '../../src/mail/mail.transport.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addPatron } from '../support/fixtures.ts';
import { sameAnswer } from '../support/same-answer.ts';
import { signInCount } from '../support/sign-in-count.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp.ts';

const SITE = 'https://library.example.jp';
const LOCK_END = new Date('2026-12-01T10:30:00+09:00');

let hanakoHash: string;
beforeAll(async () => {
  hanakoHash = await hashPassword('hanako1');
});

describe.each(databaseKinds)('unlock links on %s', (kind) => {
  let ctx: TestContext;
  let client: TestClient;
  const card = '01000001';

  beforeEach(async () => {
    ctx = await createTestContext(kind, { siteUrl: SITE });
    client = new TestClient(ctx.app, { Host: 'evil.example' });
    await addPatron(ctx.db, { card_number: card, password_hash: hanakoHash, email: 'hanako@example.jp', email_confirmed_at: new Date() });
  });
  afterEach(() => ctx.close());

  const unlockMails = () => ctx.db.selectFrom('outbox').selectAll().where('template', '=', 'sign-in-unlock').orderBy('id').execute();

  async function failSignIns(cardNumber: string, times: number) {
    await client.page('/login');
    for (let i = 0; i < times; i += 1) await client.post('/login', { card_number: cardNumber, password: `wrong${i}` });
  }

  /** The token of the one unlock mail, from its link. */
  async function mailedToken(): Promise<string> {
    const [mail] = await unlockMails();
    const url = String(mail!.data.url);
    expect(url.startsWith(`${SITE}/login/unlock/`)).toBe(true);
    return url.slice(`${SITE}/login/unlock/`.length);
  }

  it('mails one link when the card locks, never more for the same lock, and keeps only its hash', async () => {
    await failSignIns(card, 8);
    const mails = await unlockMails();
    expect(mails).toEqual([expect.objectContaining({ to_address: 'hanako@example.jp', patron_id: expect.any(Number) })]);
    expect(mails[0]!.data).toEqual({ url: expect.any(String), until: LOCK_END.toISOString() });
    const token = await mailedToken();
    const links = await ctx.db.selectFrom('sign_in_unlocks').selectAll().execute();
    expect(links).toEqual([{ token_hash: hashToken(token), card_number: card, expires_at: LOCK_END, used_at: null }]);
  });

  it('mails one link when 20 wrong passwords arrive at the same time', async () => {
    await client.page('/login');
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.post('/login', { card_number: card, password: `wrong${i}` })));
    expect(await unlockMails()).toHaveLength(1);
    expect((await signInCount(ctx, card)).lockedUntil).toEqual(LOCK_END);
  });

  it('mails nothing for an unknown card, an unconfirmed address or no address, with the same answer', async () => {
    await addPatron(ctx.db, { card_number: '01000002', email: 'jiro@example.jp', email_confirmed_at: null });
    await addPatron(ctx.db, { card_number: '01000003' });
    const answers: string[] = [];
    for (const number of ['09999999', '01000002', '01000003']) {
      client = new TestClient(ctx.app);
      await failSignIns(number, 4);
      const locked = await client.post('/login', { card_number: number, password: 'wrong' });
      answers.push(sameAnswer(await locked.text(), number));
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('ロックを解除するためのリンク');
    expect(await ctx.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });

  it('mails a link when failed identity checks in registration lock the card', async () => {
    await client.page('/register');
    const wrong = { card_number: card, birth_date: '1990-01-02', phone: '0000000000', password: 'neko77', password_confirm: 'neko77' };
    for (let i = 0; i < 5; i += 1) await client.post('/register', wrong);
    expect(await unlockMails()).toHaveLength(1);
  });

  it('shows a button on GET without unlocking; the POST unlocks once, and the right password then signs in', async () => {
    await failSignIns(card, 5);
    const token = await mailedToken();
    const { response, html } = await client.page(`/login/unlock/${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(html).toContain(`<form method="post" action="/login/unlock/${token}">`);
    expect(html).toContain('ロックを解除する');
    expect((await signInCount(ctx, card)).lockedUntil).toEqual(LOCK_END);

    const unlocked = await client.post(`/login/unlock/${token}`);
    expect(unlocked.status).toBe(303);
    expect(unlocked.headers.get('Location')).toBe('/login?done=unlocked');
    expect(await (await client.get('/login?done=unlocked')).text()).toContain('ロックを解除しました。');
    expect(await signInCount(ctx, card)).toEqual({ failures: 0, lockedUntil: null });

    const again = await client.post(`/login/unlock/${token}`);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('このリンクは使えません。');
    expect((await client.get(`/login/unlock/${token}`)).status).toBe(410);
    await client.page('/login');
    expect((await client.post('/login', { card_number: card, password: 'hanako1' })).status).toBe(303);
  });

  it('unlocks once when the link is posted twice at the same time', async () => {
    await failSignIns(card, 5);
    const token = await mailedToken();
    await client.page(`/login/unlock/${token}`);
    const responses = await Promise.all([client.post(`/login/unlock/${token}`), client.post(`/login/unlock/${token}`)]);
    expect(responses.map((r) => r.status).sort()).toEqual([303, 410]);
  });

  it('refuses a link once its lock has ended, and an unknown or malformed token, never with a 500', async () => {
    await failSignIns(card, 5);
    const token = await mailedToken();
    ctx.clock.advanceMinutes(30);
    expect((await client.get(`/login/unlock/${token}`)).status).toBe(410);
    await client.page('/login');
    expect((await client.post(`/login/unlock/${token}`)).status).toBe(410);
    for (const bad of ['x'.repeat(43), 'short', '%00', 'あ'.repeat(43)]) {
      expect((await client.get(`/login/unlock/${bad}`)).status).toBe(410);
      expect((await client.post(`/login/unlock/${bad}`)).status).toBe(410);
    }
  });

  it('refuses a cross-site unlock', async () => {
    await failSignIns(card, 5);
    const token = await mailedToken();
    await client.page(`/login/unlock/${token}`);
    const response = await client.post(`/login/unlock/${token}`, {}, { headers: { Origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect((await signInCount(ctx, card)).lockedUntil).toEqual(LOCK_END);
  });
});

describe.each(databaseKinds)('the unlock mail through SMTP on %s', (kind) => {
  let ctx: TestContext;
  let sink: SmtpSink;

  beforeEach(async () => {
    ctx = await createTestContext(kind, { siteUrl: SITE });
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await sink.stop();
    await ctx.close();
  });

  it('arrives in the patron’s language with the link and the lock’s end', async () => {
    await addPatron(ctx.db, {
      card_number: '01000001',
      password_hash: hanakoHash,
      email: 'hanako@example.jp',
      email_confirmed_at: new Date(),
    });
    const client = new TestClient(ctx.app);
    await client.page('/login');
    for (let i = 0; i < 5; i += 1) await client.post('/login', { card_number: '01000001', password: 'wrong' });
    const transport = smtpTransport(sink.url);
    try {
      expect(await deliverDueMails({ db: ctx.db, clock: ctx.clock, transport, settings: ctx.config })).toMatchObject({ sent: 1 });
    } finally {
      transport.close();
    }
    await sink.waitForMails(1);
    const [mail] = sink.received;
    expect(mail!.subject).toBe('ログインのロック解除のご案内');
    expect(mail!.text).toMatch(/\/login\/unlock\/[\w-]{43}\n/);
    expect(mail!.text).toContain(`${SITE}/login/unlock/`);
    expect(mail!.text).toContain('2026/12/01 10:30 まで図書館 Web サービスにログインできなくなっています');
    expect(mail!.text).toContain('「ロックを解除する」ボタン');
  });
});
