/**
 * The account page and its settings (password, e-mail address with its
 * confirmation link, test mail) on PGlite and PostgreSQL, with the mails
 * delivered to a real SMTP listener.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { hashToken } from '../../src/http/session.ts';
import { deliverDueMails } from '../../src/mail/mail.delivery.ts';
import { smtpTransport } from '../../src/mail/mail.transport.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { ORIGIN, TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addHold, addPatron, addRecord } from '../support/fixtures.ts';
import { signInDirectly } from '../support/sign-in.ts';
import { signInCount } from '../support/sign-in-count.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp.ts';

let hanakoHash: string;
beforeAll(async () => {
  hanakoHash = await hashPassword('hanako1');
});

describe.each(databaseKinds)('account pages on %s', (kind) => {
  let ctx: TestContext;
  let client: TestClient;
  let patronId: number;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    client = new TestClient(ctx.app);
    patronId = await addPatron(ctx.db, { card_number: '01000001', password_hash: hanakoHash });
  });
  afterEach(() => ctx.close());

  const patronRow = () => ctx.db.selectFrom('patrons').selectAll().where('id', '=', patronId).executeTakeFirstOrThrow();
  const outbox = () => ctx.db.selectFrom('outbox').selectAll().orderBy('id').execute();

  /** The token of the newest confirmation mail in the outbox. */
  async function lastConfirmationToken(): Promise<string> {
    const mails = (await outbox()).filter((m) => m.template === 'email-confirmation');
    const url = String(mails.at(-1)!.data.url);
    return new URL(url).searchParams.get('token')!;
  }

  it('sends a visitor who is not signed in to sign in and back', async () => {
    for (const path of ['/account', '/account/password', '/account/email']) {
      const response = await client.get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('shows the card number, the sections for loans and holds and the settings links, never cached', async () => {
    await signInDirectly(ctx, client, { patronId });
    const { response, html } = await client.page('/account');
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    expect(html).toContain('<h1>利用照会</h1>');
    expect(html).toContain('01000001');
    expect(html).toContain('登録されていません。');
    for (const heading of ['貸出中一覧', '予約中一覧', '予約確保一覧']) expect(html).toContain(heading);
    expect(html).toContain('href="/account/password"');
    expect(html).toContain('href="/account/email"');
  });

  it('marks an unconfirmed address 「未確認」 with the domain to allow, and an undeliverable one with one state everywhere', async () => {
    await ctx.db.updateTable('patrons').set({ email: 'misaki@example.jp' }).where('id', '=', patronId).execute();
    const mailHold = await addHold(ctx.db, {
      patron_id: patronId,
      record_id: await addRecord(ctx.db, { title: 'メール連絡の本' }),
      contact: 'email',
    });
    await signInDirectly(ctx, client, { patronId });
    let html = (await client.page('/account')).html;
    expect(html).toContain('<span class="status error">（未確認）</span>');
    expect(html).toContain('「@library.example.jp」からのメールを受信できるよう設定');
    // An unconfirmed address gets no notice: the library phones, and the list says so.
    const contactOf = (page: string) => new RegExp(`hold-${mailHold}"[\\s\\S]*?data-label="ご連絡方法">([^<]*)<`).exec(page)?.[1];
    expect(contactOf(html)).toBe('電話（メールが届かないため）');

    await ctx.db
      .updateTable('patrons')
      .set({
        email_confirmed_at: ctx.clock.now(),
        email_undeliverable_at: ctx.clock.now(),
        email_undeliverable_reason: '550 5.1.1 User unknown',
      })
      .where('id', '=', patronId)
      .execute();
    html = (await client.page('/account')).html;
    expect(html).not.toContain('確認済み');
    expect(html).toContain('misaki@example.jp <span class="status error">（メールが届きません）</span>');
    expect(html).toContain('misaki@example.jp あてのメールが届きませんでした（2026/12/01 10:00）');
    expect(contactOf(html)).toBe('電話（メールが届かないため）');
    const emailPage = (await client.page('/account/email')).html;
    expect(emailPage).toContain('misaki@example.jp あてのメールが届きませんでした（2026/12/01 10:00）');
    expect(emailPage).toContain('登録中のアドレス: misaki@example.jp <span class="status error">（メールが届きません）</span>');

    await ctx.db
      .updateTable('patrons')
      .set({ email_undeliverable_at: null, email_undeliverable_reason: null })
      .where('id', '=', patronId)
      .execute();
    html = (await client.page('/account')).html;
    expect(html).toContain('misaki@example.jp <span class="status ok">（確認済み）</span>');
    expect(contactOf(html)).toBe('メール');
  });

  it('changes the password: ends the other sessions, keeps this one, mails a notice', async () => {
    await ctx.db
      .updateTable('patrons')
      .set({ email: 'hanako@example.jp', email_confirmed_at: ctx.clock.now() })
      .where('id', '=', patronId)
      .execute();
    const other = new TestClient(ctx.app);
    await signInDirectly(ctx, other, { patronId });
    await signInDirectly(ctx, client, { patronId });
    const { html } = await client.page('/account/password');
    expect(html).toContain('4〜10文字の半角の英字と数字');

    const wrong = await client.post('/account/password', {
      current_password: 'nope',
      new_password: 'neko77',
      new_password_confirm: 'neko77',
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('現在のパスワードが違います。');
    expect((await signInCount(ctx, '01000001')).failures).toBe(1);

    const refused = await client.post('/account/password', {
      current_password: 'hanako1',
      new_password: '01000001',
      new_password_confirm: '01000001',
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('利用カードの番号と同じパスワードは使えません');

    const response = await client.post('/account/password', {
      current_password: 'hanako1',
      new_password: 'neko77',
      new_password_confirm: 'neko77',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/account?done=password');
    expect(await (await client.get('/account?done=password')).text()).toContain('パスワードを変更しました。');
    expect((await other.get('/account')).status).toBe(303);
    expect(await ctx.db.selectFrom('sessions').select('patron_id').execute()).toEqual([{ patron_id: patronId }]);
    expect((await outbox()).map((m) => m.template)).toEqual(['password-changed']);
    expect((await signInCount(ctx, '01000001')).failures).toBe(0);
  });

  it('counts each current password before checking it: 20 guesses at once lock the card, none changes the password', async () => {
    await signInDirectly(ctx, client, { patronId });
    await client.page('/account/password');
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.post('/account/password', {
          current_password: i === 19 ? 'hanako1' : `nope${i}`,
          new_password: 'neko77',
          new_password_confirm: 'neko77',
        }),
      ),
    );
    expect(guesses.filter((r) => r.status === 303 && r.headers.get('Location') === '/account?done=password')).toEqual([]);
    expect(await signInCount(ctx, '01000001')).toEqual({ failures: 5, lockedUntil: new Date('2026-12-01T10:30:00+09:00') });
    expect((await patronRow()).password_hash).toBe(hanakoHash);
    expect(await ctx.db.selectFrom('sessions').select('patron_id').where('patron_id', '=', patronId).execute()).toEqual([]);
  });

  it('saves an address, mails a 24-hour link stored only as a hash, and confirms it', async () => {
    await signInDirectly(ctx, client, { patronId });
    await client.page('/account/email');
    const response = await client.post('/account/email', { email: 'ｈａｎａｋｏ＠Example.JP' });
    expect(response.status).toBe(303);
    expect(await (await client.get('/account/email?done=emailSaved')).text()).toContain('hanako@example.jp に確認メールを送りました');
    expect(await patronRow()).toMatchObject({ email: 'hanako@example.jp', email_confirmed_at: null });

    const [mail] = await outbox();
    expect(mail).toMatchObject({ to_address: 'hanako@example.jp', template: 'email-confirmation', patron_id: patronId });
    const token = await lastConfirmationToken();
    expect(String(mail!.data.url)).toBe(`${ctx.config.siteUrl}/account/email/confirm?token=${token}`);
    const link = await ctx.db.selectFrom('email_confirmations').selectAll().executeTakeFirstOrThrow();
    expect(link.token_hash).toBe(hashToken(token));
    expect(link.expires_at).toEqual(new Date('2026-12-02T10:00:00+09:00'));

    ctx.clock.advanceMinutes(23 * 60);
    const anonymous = new TestClient(ctx.app);
    const confirmed = await anonymous.get(`/account/email/confirm?token=${token}`);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Eメールアドレス hanako@example.jp を確認しました。');
    expect((await patronRow()).email_confirmed_at).toEqual(ctx.clock.now());
    expect((await anonymous.get(`/account/email/confirm?token=${token}`)).status).toBe(410);
    // The day-old session has timed out meanwhile.
    await signInDirectly(ctx, client, { patronId });
    expect((await client.page('/account')).html).toContain('確認済み');
  });

  it('refuses an expired and a forged link, and a link to an address since replaced', async () => {
    await signInDirectly(ctx, client, { patronId });
    await client.page('/account/email');
    await client.post('/account/email', { email: 'old@example.jp' });
    const oldToken = await lastConfirmationToken();
    ctx.clock.advanceMinutes(24 * 60);
    const expired = await client.get(`/account/email/confirm?token=${oldToken}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('有効期限（24時間）が切れています');

    for (const forged of ['A'.repeat(43), 'short', `${oldToken}x`, 'x'.repeat(10_000)]) {
      const response = await client.get(`/account/email/confirm?token=${forged}`);
      expect(response.status).toBe(410);
      expect(await response.text()).toContain('このリンクは使えません。');
    }
    expect((await client.get('/account/email/confirm')).status).toBe(410);

    await signInDirectly(ctx, client, { patronId });
    await client.page('/account/email');
    await client.post('/account/email', { email: 'first@example.jp' });
    const replacedToken = await lastConfirmationToken();
    await client.post('/account/email', { email: 'second@example.jp' });
    const stale = await client.get(`/account/email/confirm?token=${replacedToken}`);
    expect(stale.status).toBe(410);
    expect(await stale.text()).toContain('このリンクは使えません。');
    expect(await patronRow()).toMatchObject({ email: 'second@example.jp', email_confirmed_at: null });
    expect((await client.get(`/account/email/confirm?token=${await lastConfirmationToken()}`)).status).toBe(200);
  });

  it('resends the confirmation for the same unconfirmed address, and refuses bad addresses with a message', async () => {
    await signInDirectly(ctx, client, { patronId });
    await client.page('/account/email');
    await client.post('/account/email', { email: 'hanako@example.jp' });
    const { html } = await client.page('/account/email');
    expect(html).toContain('確認メールを再送する');
    expect((await client.post('/account/email', { email: 'hanako@example.jp' })).status).toBe(303);
    expect((await outbox()).length).toBe(2);

    for (const [email, message] of [
      ['', 'Eメールアドレスを入力してください'],
      ['hanako', '@ の前後を入れて'],
      ['x'.repeat(10_000), '254文字以内'],
    ] as const) {
      const response = await client.post('/account/email', { email });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain(message);
    }
    await ctx.db.updateTable('patrons').set({ email_confirmed_at: ctx.clock.now() }).where('id', '=', patronId).execute();
    const same = await client.post('/account/email', { email: 'hanako@example.jp' });
    expect(same.status).toBe(422);
    expect(await same.text()).toContain('登録済みで、確認も済んでいます');
    expect((await outbox()).length).toBe(2);
  });

  it('sends at most 3 test mails a day, also when asked at the same time', async () => {
    await ctx.db.updateTable('patrons').set({ email: 'hanako@example.jp' }).where('id', '=', patronId).execute();
    await signInDirectly(ctx, client, { patronId });
    await client.page('/account/email');
    const responses = await Promise.all(Array.from({ length: 5 }, () => client.post('/account/email/test')));
    expect(responses.map((r) => r.status).sort()).toEqual([303, 303, 303, 429, 429]);
    expect((await outbox()).filter((m) => m.template === 'test')).toHaveLength(3);
    const refused = await client.post('/account/email/test');
    expect(await refused.text()).toContain('テストメールは24時間に3回まで送れます。2026/12/02 10:00 以降に');

    ctx.clock.advanceMinutes(24 * 60);
    await signInDirectly(ctx, client, { patronId });
    await client.page('/account/email');
    expect((await client.post('/account/email/test')).status).toBe(303);
  });

  it('deletes the address and its open links', async () => {
    await signInDirectly(ctx, client, { patronId });
    await client.page('/account/email');
    await client.post('/account/email', { email: 'hanako@example.jp' });
    const token = await lastConfirmationToken();
    const response = await client.post('/account/email/delete');
    expect(response.headers.get('Location')).toBe('/account?done=emailDeleted');
    expect(await patronRow()).toMatchObject({ email: null, email_confirmed_at: null });
    expect((await client.get(`/account/email/confirm?token=${token}`)).status).toBe(410);
    const noAddress = await client.post('/account/email/test');
    expect(noAddress.status).toBe(422);
    expect(await noAddress.text()).toContain('先にEメールアドレスを登録してください');
  });

  it('refuses settings changes from another site', async () => {
    await signInDirectly(ctx, client, { patronId });
    await client.page('/account/email');
    const response = await client.post('/account/email', { email: 'evil@example.jp' }, { headers: { Origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect((await patronRow()).email).toBeNull();
  });
});

describe.each(databaseKinds)('account mail through SMTP on %s', (kind) => {
  let ctx: TestContext;
  let sink: SmtpSink;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await sink.stop();
    await ctx.close();
  });

  it('delivers the confirmation mail and a test mail to a real SMTP listener', async () => {
    const patronId = await addPatron(ctx.db, { card_number: '01000001' });
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId });
    await client.page('/account/email');
    await client.post('/account/email', { email: 'hanako@example.jp' });
    await client.post('/account/email/test');

    const transport = smtpTransport(sink.url);
    try {
      const report = await deliverDueMails({ db: ctx.db, clock: ctx.clock, transport, settings: ctx.config });
      expect(report).toMatchObject({ sent: 2, failed: 0 });
    } finally {
      transport.close();
    }
    await sink.waitForMails(2);
    const [confirmation, test] = sink.received;
    expect(confirmation!.subject).toBe('メール登録完了のお知らせ');
    expect(confirmation!.to).toMatchObject({ text: 'hanako@example.jp' });
    const url = new RegExp(`${ctx.config.siteUrl}/account/email/confirm\\?token=[A-Za-z0-9_-]+`).exec(confirmation!.text ?? '')![0];
    expect(confirmation!.text).toContain('送信専用');
    expect(test!.subject).toBe('テストメール');

    const opened = await ctx.app.request(url);
    expect(opened.status).toBe(200);
    const row = await ctx.db.selectFrom('patrons').select('email_confirmed_at').where('id', '=', patronId).executeTakeFirstOrThrow();
    expect(row.email_confirmed_at).not.toBeNull();
  });
});

describe.each(databaseKinds)('links in mail on %s', (kind) => {
  const forged = 'http://evil.example';
  /** Everything a request says about where it was sent names another site, as a forged request can. */
  const forgedHost = (ctx: TestContext) =>
    new TestClient(
      { request: (url, init) => ctx.app.request(url.replace(ORIGIN, forged), init) },
      { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'http', Origin: forged },
    );

  it.each([
    ['BASE_URL', { baseUrl: 'https://library.example.jp', siteUrl: 'https://library.example.jp' }, 'https://library.example.jp/'],
    ['HOST and PORT in development', {}, 'http://127.0.0.1:3000/'],
  ])('start from %s, never from a forged Host header', async (_name, overrides, expected) => {
    const ctx = await createTestContext(kind, overrides);
    try {
      const patronId = await addPatron(ctx.db, { card_number: '01000001' });
      const client = forgedHost(ctx);
      await signInDirectly(ctx, client, { patronId });
      await client.page('/account/email');
      expect((await client.post('/account/email', { email: 'hanako@example.jp' })).status).toBe(303);
      const mail = await ctx.db.selectFrom('outbox').selectAll().where('template', '=', 'email-confirmation').executeTakeFirstOrThrow();
      expect(String(mail.data.url).startsWith(`${expected}account/email/confirm?token=`)).toBe(true);
    } finally {
      await ctx.close();
    }
  });
});
