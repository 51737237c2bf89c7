/**
 * Sign-in, sessions, sign-out and new password registration through the
 * app, on PGlite and PostgreSQL, as a patron's browser would use them.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { hashToken, sessionCookieName } from '../../src/http/session.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addPatron } from '../support/fixtures.ts';
import { reservableTitle } from '../support/reservations.ts';
import { signInDirectly } from '../support/sign-in.ts';
import { sameAnswer } from '../support/same-answer.ts';
import { signInCount } from '../support/sign-in-count.ts';

let hanakoHash: string;
beforeAll(async () => {
  hanakoHash = await hashPassword('hanako1');
});

describe.each(databaseKinds)('sign-in on %s', (kind) => {
  let ctx: TestContext;
  let client: TestClient;
  let patronId: number;
  const card = '01000001';

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    client = new TestClient(ctx.app);
    patronId = await addPatron(ctx.db, {
      card_number: card,
      password_hash: hanakoHash,
      email: 'hanako@example.jp',
      email_confirmed_at: new Date(),
    });
  });
  afterEach(() => ctx.close());

  const cookie = () => client.cookie(sessionCookieName(false));
  const count = () => signInCount(ctx, card);

  async function signIn(cardNumber: string, password: string, query = '') {
    await client.page(`/login${query}`);
    return client.post(`/login${query}`, { card_number: cardNumber, password });
  }

  it('shows a labelled form with hints and the registration link', async () => {
    const { response, html } = await client.page('/login');
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(html).toContain('<label for="card_number">利用カードの番号</label>');
    expect(html).toContain('<label for="password">パスワード</label>');
    expect(html).toContain('共用のパソコンで利用する');
    expect(html).toContain('href="/register"');
    expect(html).toContain('name="_csrf"');
  });

  it('signs in with a new session token, keeps the cart and remembers a shared device', async () => {
    // The cart's first title is what gives an anonymous visitor a session.
    const recordId = await reservableTitle(ctx);
    await client.page(`/records/${recordId}`);
    expect((await client.post('/cart', { record_id: String(recordId) })).status).toBe(303);
    const anonymous = cookie()!;
    await client.page('/login');

    const response = await client.post('/login', { card_number: card, password: 'hanako1', shared_device: '1' });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/account');
    const signedIn = cookie()!;
    expect(signedIn).not.toBe(anonymous);
    expect(response.headers.get('Set-Cookie')).toMatch(/HttpOnly/i);
    expect(response.headers.get('Set-Cookie')).toMatch(/SameSite=Lax/i);

    const sessions = await ctx.db.selectFrom('sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ id: hashToken(signedIn), patron_id: patronId, shared_device: true });
    const cart = await ctx.db.selectFrom('cart_items').selectAll().execute();
    expect(cart).toEqual([expect.objectContaining({ session_id: hashToken(signedIn), record_id: recordId })]);
    expect((await client.page('/account')).response.status).toBe(200);
  });

  it('accepts the card number in full-width digits with hyphens, and a full-width password', async () => {
    const response = await signIn('０１００－０００１', 'ｈａｎａｋｏ１');
    expect(response.status).toBe(303);
    const session = await ctx.db.selectFrom('sessions').select('shared_device').executeTakeFirstOrThrow();
    expect(session.shared_device).toBe(false);
  });

  it('answers a wrong password and an unknown card with the same message', async () => {
    const wrong = await signIn(card, 'nothanako');
    const unknown = await signIn('09999999', 'hanako1');
    expect(wrong.status).toBe(422);
    expect(unknown.status).toBe(422);
    const message = '利用カードの番号またはパスワードが違います。';
    expect(await wrong.text()).toContain(message);
    expect(await unknown.text()).toContain(message);
    expect((await count()).failures).toBe(1);
  });

  it('says how to fix a malformed card number or an empty password, never a 500', async () => {
    const response = await signIn('1234', '');
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<a href="#card_number">利用カードの番号は、0から始まる8桁の数字で入力してください');
    expect(html).toContain('<a href="#password">パスワードを入力してください。</a>');
    expect(html).toContain('value="1234"');
    const huge = await client.post('/login', { card_number: '0'.repeat(10_000), password: 'x'.repeat(10_000) });
    expect(huge.status).toBe(422);
    const typed = await client.post('/login', { card_number: ['01000001', '01000002'], password: ['a', 'b'] });
    expect(typed.status).toBe(422);
  });

  it('locks the card at exactly the 5th failure until 30 minutes later, then lets the right password in', async () => {
    for (let i = 1; i <= 4; i += 1) {
      const response = await signIn(card, `wrong${i}`);
      expect(await response.text()).toContain('パスワードが違います');
      expect((await count()).failures).toBe(i);
    }
    const fifth = await signIn(card, 'wrong5');
    const html = await fifth.text();
    expect(html).toContain('この利用カードは30分間（2026/12/01 10:30まで）ログインできません');
    expect(html).toContain('ロックの解除');
    // The lock stands on its own, not under 「入力内容を確認してください」 as if a field were wrong.
    expect(html).toMatch(/<p class="notice warning" role="alert">パスワードを続けて間違えたため/);
    expect(html).not.toContain('入力内容を確認してください');
    expect((await count()).lockedUntil).toEqual(new Date('2026-12-01T10:30:00+09:00'));

    ctx.clock.advanceMinutes(29);
    const stillLocked = await signIn(card, 'hanako1');
    expect(stillLocked.status).toBe(422);
    expect(await stillLocked.text()).toContain('まで）ログインできません');

    ctx.clock.advanceMinutes(1);
    expect((await signIn(card, 'hanako1')).status).toBe(303);
    expect(await count()).toEqual({ failures: 0, lockedUntil: null });
  });

  it('starts counting again after a lock ends', async () => {
    for (let i = 0; i < 5; i += 1) await signIn(card, 'wrong');
    ctx.clock.advanceMinutes(30);
    const response = await signIn(card, 'wrong');
    expect(await response.text()).toContain('パスワードが違います');
    expect(await count()).toEqual({ failures: 1, lockedUntil: null });
  });

  it('resets the count on success', async () => {
    await signIn(card, 'wrong');
    await signIn(card, 'wrong');
    expect((await signIn(card, 'hanako1')).status).toBe(303);
    expect((await count()).failures).toBe(0);
  });

  it('locks once with the right count when 20 wrong passwords arrive at the same time', async () => {
    await client.page('/login');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.post('/login', { card_number: card, password: `wrong${i}` })),
    );
    expect(responses.every((r) => r.status === 422)).toBe(true);
    expect(await count()).toEqual({ failures: 5, lockedUntil: new Date('2026-12-01T10:30:00+09:00') });
    const locked = await Promise.all(responses.map((r) => r.text()));
    expect(locked.filter((html) => html.includes('まで）ログインできません')).length).toBeGreaterThanOrEqual(16);
  });

  it('lets no one in when the right password arrives at the same time as 19 wrong ones, and keeps the lock', async () => {
    await client.page('/login');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.post('/login', { card_number: card, password: i === 19 ? 'hanako1' : `wrong${i}` })),
    );
    expect(responses.map((r) => r.status).filter((status) => status !== 422)).toEqual([]);
    expect((await count()).lockedUntil).toEqual(new Date('2026-12-01T10:30:00+09:00'));
  });

  it('answers a known card, one on the legacy birth-date password, one without a password and an unknown card alike, through five failures and the lock', async () => {
    await addPatron(ctx.db, { card_number: '01000003', birth_date: '1950-01-20', legacy_birth_date_password: true });
    await addPatron(ctx.db, { card_number: '01000007' });
    const tries = [
      { card, password: 'nothanako' },
      { card: '01000003', password: '19500120' },
      { card: '01000007', password: 'anything1' },
      { card: '09999999', password: 'hanako1' },
    ];
    const devices = tries.map(() => new TestClient(ctx.app));
    for (const device of devices) await device.page('/login');
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const answers = [];
      for (const [i, { card: number, password }] of tries.entries()) {
        const response = await devices[i]!.post('/login', { card_number: number, password });
        answers.push({ status: response.status, body: sameAnswer(await response.text(), number) });
      }
      for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
      const html = answers[0]!.body;
      expect(answers[0]!.status).toBe(422);
      expect(html).toContain('パスワードをまだ登録していない方、生年月日を初期パスワードとしてお使いだった方');
      expect(html).toContain('<a href="/register">新規パスワード登録へ進む</a>');
      if (attempt < 5) expect(html).toContain('パスワードが違います');
      if (attempt === 3) expect(html).toContain('あと2回続けて間違えると、この利用カードは30分間ログインできなくなります。');
      if (attempt === 4) expect(html).toContain('あと1回続けて間違えると');
      if (attempt < 3) expect(html).not.toContain('続けて間違えると');
      if (attempt >= 5) {
        expect(html).toContain('30分間（2026/12/01 10:30まで）ログインできません');
        expect(html).toContain('確認済みのEメールアドレスが登録されている場合は、ロックを解除するためのリンク');
      }
    }
    for (const { card: number } of tries)
      expect((await signInCount(ctx, number)).lockedUntil).toEqual(new Date('2026-12-01T10:30:00+09:00'));
  });

  it('sends a patron who is already signed in straight on', async () => {
    await signIn(card, 'hanako1');
    const response = await client.get('/login?next=%2Fcart');
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/cart');
  });

  it('speaks English when the patron does', async () => {
    const { html } = await client.page('/login', { 'Accept-Language': 'en' });
    expect(html).toContain('<label for="card_number">Library card number</label>');
    expect(html).toContain('I am using a shared computer');
  });

  it('goes back to a local next= path and ignores any other', async () => {
    expect((await signIn(card, 'hanako1', '?next=%2Fsearch%3Fq%3Dneko')).headers.get('Location')).toBe('/search?q=neko');
    for (const next of ['https://evil.example', '//evil.example/x', '/\\evil.example']) {
      client.clearCookies();
      const response = await signIn(card, 'hanako1', `?next=${encodeURIComponent(next)}`);
      expect(response.headers.get('Location')).toBe('/account');
    }
  });

  it('refuses a cross-site or token-less sign-in with 403 and counts nothing', async () => {
    await client.page('/login');
    const crossSite = await client.post(
      '/login',
      { card_number: card, password: 'wrong' },
      { headers: { Origin: 'https://evil.example' } },
    );
    expect(crossSite.status).toBe(403);
    const noToken = await client.post('/login', { card_number: card, password: 'wrong' }, { csrf: false });
    expect(noToken.status).toBe(403);
    expect((await count()).failures).toBe(0);
  });

  it('ends a session after 30 idle minutes', async () => {
    await signIn(card, 'hanako1');
    ctx.clock.advanceMinutes(29);
    expect((await client.page('/account')).response.status).toBe(200);
    ctx.clock.advanceMinutes(29);
    expect((await client.page('/account')).response.status).toBe(200);
    ctx.clock.advanceMinutes(31);
    const response = await client.get('/account');
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/login?next=%2Faccount');
    expect(await ctx.db.selectFrom('sessions').selectAll().where('patron_id', '=', patronId).execute()).toEqual([]);
  });

  it('ends a session 12 hours after sign-in however busy it is', async () => {
    await signIn(card, 'hanako1');
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      ctx.clock.advanceMinutes(20);
      expect((await client.get('/account')).status).toBe(200);
    }
    ctx.clock.advanceMinutes(20);
    expect((await client.get('/account')).status).toBe(303);
  });

  it('signs out: the session ends server-side and the browser is told to drop its cache', async () => {
    await signIn(card, 'hanako1');
    const token = cookie()!;
    await client.page('/account');
    const response = await client.post('/logout');
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/login?done=loggedOut');
    expect(response.headers.get('Clear-Site-Data')).toBe('"cache"');
    expect(await ctx.db.selectFrom('sessions').selectAll().where('id', '=', hashToken(token)).execute()).toEqual([]);
    client.setCookie(sessionCookieName(false), token);
    expect((await client.get('/account')).status).toBe(303);
    expect(await (await client.get('/login?done=loggedOut')).text()).toContain('ログアウトしました。');
  });
});

describe.each(databaseKinds)('sign-in behind HTTPS on %s', (kind) => {
  it('sets a Secure __Host- session cookie', async () => {
    const ctx = await createTestContext(kind, { baseUrl: 'https://library.example.jp', secureCookies: true });
    try {
      await addPatron(ctx.db, { card_number: '01000001', password_hash: hanakoHash });
      const client = new TestClient(ctx.app);
      await client.page('/login');
      const response = await client.post('/login', { card_number: '01000001', password: 'hanako1' });
      expect(response.status).toBe(303);
      const setCookie = response.headers.get('Set-Cookie') ?? '';
      expect(setCookie).toMatch(/__Host-session=[\w-]{43};/);
      expect(setCookie).toMatch(/Secure/);
      expect(setCookie).toMatch(/Path=\//);
    } finally {
      await ctx.close();
    }
  });
});

describe.each(databaseKinds)('address throttle on %s', (kind) => {
  let ctx: TestContext;
  let client: TestClient;

  beforeEach(async () => {
    const base = await createTestContext(kind);
    await base.close();
    ctx = await createTestContext(kind, { rules: { ...base.config.rules, addressThrottle: { attempts: 3, windowMinutes: 15 } } });
    client = new TestClient(ctx.app);
    await addPatron(ctx.db, { card_number: '01000001', password_hash: hanakoHash });
  });
  afterEach(() => ctx.close());

  it('answers 429 with Retry-After once one address has failed on many cards, even for the right password', async () => {
    await client.page('/login');
    for (const card of ['01000011', '01000012', '01000013']) {
      expect((await client.post('/login', { card_number: card, password: 'guess1' })).status).toBe(422);
    }
    const throttled = await client.post('/login', { card_number: '01000001', password: 'hanako1' });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('Retry-After')).toBe('900');
    expect(await throttled.text()).toContain('15分ほど待ってから');
    const registering = await client.post('/register', {
      card_number: '01000001',
      birth_date: '1990-01-02',
      phone: '0312345678',
      password: 'neko77',
      password_confirm: 'neko77',
    });
    expect(registering.status).toBe(429);

    ctx.clock.advanceMinutes(15);
    expect((await client.post('/login', { card_number: '01000001', password: 'hanako1' })).status).toBe(303);
  });

  it('checks only as many attempts as the limit when they arrive from one address at the same time', async () => {
    await client.page('/login');
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => client.post('/login', { card_number: `0200${String(i).padStart(4, '0')}`, password: 'guess1' })),
    );
    expect(responses.filter((r) => r.status === 422)).toHaveLength(3);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(9);
  });

  it('does not count a right password against the address', async () => {
    for (let i = 0; i < 3; i += 1) {
      const device = new TestClient(ctx.app);
      await device.page('/login');
      expect((await device.post('/login', { card_number: '01000001', password: 'hanako1' })).status).toBe(303);
    }
    await client.page('/login');
    expect((await client.post('/login', { card_number: '01000011', password: 'guess1' })).status).toBe(422);
  });
});

describe.each(databaseKinds)('new password registration on %s', (kind) => {
  let ctx: TestContext;
  let client: TestClient;
  let patronId: number;
  const identity = { card_number: '0100-0003', birth_date: '昭和25年1月20日', phone: '045-333-4444' };

  beforeEach(async () => {
    ctx = await createTestContext(kind);
    client = new TestClient(ctx.app);
    patronId = await addPatron(ctx.db, {
      card_number: '01000003',
      birth_date: '1950-01-20',
      phone: '0453334444',
      legacy_birth_date_password: true,
      email: 'ichiro@example.jp',
      email_confirmed_at: new Date(),
    });
  });
  afterEach(() => ctx.close());

  const patronRow = () => ctx.db.selectFrom('patrons').selectAll().where('id', '=', patronId).executeTakeFirstOrThrow();
  const count = () => signInCount(ctx, '01000003');

  async function register(fields: Record<string, string>) {
    await client.page('/register');
    return client.post('/register', fields);
  }

  it('explains the password rules next to the field before any mistake', async () => {
    const { html } = await client.page('/register');
    expect(html).toContain('<label for="birth_date">生年月日</label>');
    expect(html).toContain('<label for="password_confirm">新しいパスワード（確認）</label>');
    expect(html).toContain('4〜10文字の半角の英字と数字。生年月日・利用カードの番号');
    expect(html).toMatch(/id="password"[^>]*aria-describedby="password-hint"/);
  });

  it('sets the password, ends the patron’s sessions, mails a notice and sends them to sign in', async () => {
    const elsewhere = new TestClient(ctx.app);
    await signInDirectly(ctx, elsewhere, { patronId });

    const response = await register({ ...identity, password: 'neko77', password_confirm: 'ｎｅｋｏ７７' });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/login?done=registered');
    const signInPage = await (await client.get('/login?done=registered')).text();
    expect(signInPage).toContain('新しいパスワードを登録しました。');
    // The card number typed at registration is filled in, once, and never travels in the URL.
    expect(signInPage).toMatch(/id="card_number" name="card_number" value="01000003"/);
    expect(await (await client.get('/login?done=registered')).text()).not.toContain('value="01000003"');

    const row = await patronRow();
    expect(row).toMatchObject({ legacy_birth_date_password: false });
    expect((await count()).failures).toBe(0);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await ctx.db.selectFrom('sessions').selectAll().where('patron_id', '=', patronId).execute()).toEqual([]);
    const mails = await ctx.db.selectFrom('outbox').selectAll().execute();
    expect(mails).toEqual([
      expect.objectContaining({ to_address: 'ichiro@example.jp', template: 'password-registered', patron_id: patronId }),
    ]);

    await client.page('/login');
    expect((await client.post('/login', { card_number: '01000003', password: 'neko77' })).status).toBe(303);
  });

  it('mails nothing to an unconfirmed address', async () => {
    await ctx.db.updateTable('patrons').set({ email_confirmed_at: null }).where('id', '=', patronId).execute();
    expect((await register({ ...identity, password: 'neko77', password_confirm: 'neko77' })).status).toBe(303);
    expect(await ctx.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });

  it.each([
    ['birth date', { birth_date: '1950-01-21' }],
    ['phone', { phone: '045-333-4445' }],
    ['card', { card_number: '01000004' }],
  ])('answers a wrong %s with one generic message and counts it', async (_field, change) => {
    const response = await register({ ...identity, ...change, password: 'neko77', password_confirm: 'neko77' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('入力された内容が図書館に登録されている内容と一致しません。');
    expect(html).not.toContain('生年月日が違');
    expect((await patronRow()).password_hash).toBeNull();
    const throttle = await ctx.db.selectFrom('login_throttles').select('failures').executeTakeFirstOrThrow();
    expect(throttle.failures).toBe(1);
  });

  it('locks the card after 5 failed identity checks, for sign-in and registration alike', async () => {
    for (let i = 0; i < 5; i += 1) await register({ ...identity, phone: '0000000000', password: 'neko77', password_confirm: 'neko77' });
    expect((await count()).failures).toBe(5);
    const response = await register({ ...identity, password: 'neko77', password_confirm: 'neko77' });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('30分間（2026/12/01 10:30まで）ログインできません');
    expect((await patronRow()).password_hash).toBeNull();
  });

  it('answers a known and an unknown card alike through five failed identity checks and the lock', async () => {
    const known = new TestClient(ctx.app);
    const unknown = new TestClient(ctx.app);
    await known.page('/register');
    await unknown.page('/register');
    const wrong = { birth_date: '1950-01-20', phone: '0000000000', password: 'neko77', password_confirm: 'neko77' };
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const a = await known.post('/register', { ...wrong, card_number: '01000003' });
      const b = await unknown.post('/register', { ...wrong, card_number: '09999999' });
      const html = sameAnswer(await a.text(), '01000003');
      expect({ status: a.status, html }).toEqual({ status: b.status, html: sameAnswer(await b.text(), '09999999') });
      expect(a.status).toBe(422);
      if (attempt < 5) expect(html).toContain('入力された内容が図書館に登録されている内容と一致しません。');
      if (attempt === 3) expect(html).toContain('あと2回続けて間違えると');
      if (attempt >= 5) expect(html).toContain('30分間（2026/12/01 10:30まで）ログインできません');
    }
    expect(await signInCount(ctx, '09999999')).toEqual(await count());
  });

  it('sets no password when the right identity arrives at the same time as 19 wrong ones', async () => {
    await client.page('/register');
    const wrong = { ...identity, phone: '0000000000', password: 'neko77', password_confirm: 'neko77' };
    const right = { ...identity, password: 'neko77', password_confirm: 'neko77' };
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => client.post('/register', i === 19 ? right : wrong)));
    expect(responses.map((r) => r.status).filter((status) => status !== 422)).toEqual([]);
    expect((await patronRow()).password_hash).toBeNull();
    expect((await count()).lockedUntil).toEqual(new Date('2026-12-01T10:30:00+09:00'));
  });

  it('says what is wrong with each field, with its own message per password refusal', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ birth_date: '1950年2月30日' }, 'その日付はありません。'],
      [{ birth_date: 'きのう' }, '年・月・日の順で入力してください'],
      [{ phone: 'なし' }, '電話番号を数字で入力してください'],
      [{ card_number: '1234' }, '0から始まる8桁の数字'],
      [{ password: '19500120', password_confirm: '19500120' }, '生年月日の8桁（以前の初期パスワード）は使えません'],
      [{ password: '01000003', password_confirm: '01000003' }, '利用カードの番号と同じパスワードは使えません'],
      [{ password: '1234', password_confirm: '1234' }, '「1234」「abcd」のような連続した文字'],
      [{ password: 'neko', password_confirm: 'inu1' }, '確認のパスワードが一致しません'],
      [{ password: 'ab', password_confirm: 'ab' }, 'パスワードは4文字以上にしてください。'],
      [{ password: 'neko_77', password_confirm: 'neko_77' }, 'パスワードには半角の英字と数字だけを使ってください'],
    ];
    for (const [change, message] of cases) {
      const response = await register({ ...identity, password: 'neko77', password_confirm: 'neko77', ...change });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain(message);
    }
    expect((await patronRow()).password_hash).toBeNull();
    expect((await count()).failures).toBe(0);
  });
});
