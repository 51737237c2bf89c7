/**
 * Hostile input: every form field and every route parameter of the patron
 * and staff pages is sent a corpus of bad values (the worst of them by htmx
 * too, which gets fragments), every form is posted
 * without its CSRF token and with the wrong method, and invalid UTF-8 is
 * sent in bodies and addresses. Whatever arrives: never a 5xx, a refusal
 * is a 4xx page that says something, no response carries the markup it was
 * sent, and a refused request leaves the guarded tables as they were. The
 * pages that show stored text are read at the end to see that what was
 * stored renders as text. The number of requests is printed.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { ORIGIN, TestClient } from '../support/client.ts';
import { addCopy, addHold, addPatron, addRecord } from '../support/fixtures.ts';
import { lendTo } from '../support/loans.ts';
import { reservableTitle } from '../support/reservations.ts';
import { signInDirectly } from '../support/sign-in.ts';

/** The bad values, by name; each is tried in every field and route parameter. */
const CORPUS: Record<string, string> = {
  empty: '',
  whitespace: ' \t\u3000\n ',
  tenThousand: 'a'.repeat(10_000),
  fullWidthKana: 'ヤマダ　ハナコ０１２３４５６７',
  halfWidthKana: 'ﾔﾏﾀﾞ ﾊﾅｺ ｶﾞｯｺｳ',
  emoji: '📚👩‍👩‍👧🇯🇵',
  control: 'a\u0000b\u0001\u001b[31m\r\nX-Injected: yes',
  nul: '\u0000',
  script: '<script>alert(1)</script>',
  attribute: '"><img src=x onerror=alert(1)>',
  singleQuote: "' onfocus='alert(1)' x='",
  sql: "1' OR '1'='1'; DROP TABLE holds; --",
  sqlNumeric: '1 OR 1=1',
  negative: '-1',
  huge: '99999999999999999999999999',
  int32: '2147483648',
  float: '1e308',
  zero: '0',
  wrongId: '999999999',
  loneSurrogate: '\ud800x',
};

/**
 * Values a date or number parser can take for valid: the shape is right, but the day does not exist or the
 * number is beyond a database integer; the database, not the parser, would refuse them (a 500).
 */
const IMPOSSIBLE = ['2026-02-30', '2026-13-01', '0000-00-00', '99999999999', '-5', '1e3', '１２３', '2026-02-30T00:00'];

/** What a response must never contain: the markup the corpus sent, unescaped. */
const MARKUP = [CORPUS.script!, CORPUS.attribute!, CORPUS.singleQuote!];

/**
 * Tables a refused request must leave as they were: the whole row, except
 * patrons and staff, whose sign-in failure counters rightly count a refused
 * attempt. Sessions and login_throttles are left out for the same reason,
 * and reservation_confirmations too: a confirmation key remembers its
 * outcome, a refusal included, so that a retry is answered the same way.
 */
const GUARDED: Record<string, string> = {
  patrons: 'row(t.id, t.card_number, t.email, t.email_confirmed_at, t.password_hash, t.locale, t.phone)',
  staff: 'row(t.id, t.username, t.password_hash, t.role)',
  records: 't',
  copies: 't',
  loans: 't',
  holds: 't',
  cart_items: 't',
  email_confirmations: 't',
  outbox: 't',
  library_closures: 't',
  library_open_days: 't',
  library_settings: 't',
  audit_log: 't',
};

type Who = 'visitor' | 'patron' | 'settings' | 'staff';

interface Form {
  path: string;
  who: Who;
  /** The form as a valid user would send it; one field at a time is replaced by a bad value. */
  fields: () => Record<string, string>;
}

describe('hostile input', () => {
  let ctx: TestContext;
  let requests = 0;
  const failures: string[] = [];
  const clients = {} as Record<Who, TestClient>;
  const owners = {} as Record<Exclude<Who, 'visitor'>, { patronId?: number; staffId?: number }>;
  let forms: Form[];
  let loanId: number;
  let routeProbes: { who: Who; method: 'GET' | 'POST'; path: (value: string) => string }[];

  beforeAll(async () => {
    ctx = await createTestContext('pglite');
    const send = ctx.app.request;
    // Every request of this suite goes through app.request: counting there counts them all.
    ctx.app.request = (...args: Parameters<typeof send>) => {
      requests += 1;
      return send(...args);
    };
    const patronId = await addPatron(ctx.db, { card_number: '08000001', email: 'hostile@example.jp', email_confirmed_at: ctx.clock.now() });
    const settingsId = await addPatron(ctx.db, { card_number: '08000002', password_hash: await hashPassword('kagi1234') });
    await addPatron(ctx.db, {
      card_number: '08000003',
      birth_date: '1980-05-06',
      phone: '0451112222',
      password_hash: await hashPassword('login123'),
    });
    const staff = await ctx.db
      .insertInto('staff')
      .values({ username: 'guard', role: 'admin', password_hash: await hashPassword('guard-2026-pass') })
      .returning('id')
      .executeTakeFirstOrThrow();
    loanId = (await lendTo(ctx, patronId, { dueDate: '2026-12-10' })).loanId;
    const heldRecord = await reservableTitle(ctx);
    const holdId = await addHold(ctx.db, { patron_id: patronId, record_id: heldRecord, placed_at: ctx.clock.now() });
    const cartRecord = await reservableTitle(ctx);
    const shelfRecord = await addRecord(ctx.db, { title: '書架の本' });
    await addCopy(ctx.db, shelfRecord, { barcode: 'H0000001' });
    owners.patron = { patronId };
    owners.settings = { patronId: settingsId };
    owners.staff = { staffId: staff.id };
    clients.visitor = new TestClient(ctx.app);
    await clients.visitor.page('/register');
    for (const who of ['patron', 'settings', 'staff'] as const) clients[who] = await signedIn(who);
    await clients.patron.post('/cart', { record_id: String(cartRecord) });

    const id = String;
    forms = [
      { path: '/cart', who: 'patron', fields: () => ({ record_id: id(cartRecord) }) },
      {
        path: '/login?next=/account',
        who: 'visitor',
        fields: () => ({ card_number: '08000003', password: 'login123x', shared_device: '1' }),
      },
      {
        path: '/register',
        who: 'visitor',
        fields: () => ({
          card_number: '08000003',
          birth_date: '1980-05-06',
          phone: '045-111-2222',
          password: 'abc123',
          password_confirm: 'abc123',
        }),
      },
      { path: '/reserve/confirm', who: 'patron', fields: () => ({ pickup: 'bm-kita', contact: 'email' }) },
      {
        path: '/reserve',
        who: 'patron',
        fields: () => ({ key: randomBytes(18).toString('base64url'), record_id: id(cartRecord), pickup: 'main', contact: 'none' }),
      },
      { path: '/account/holds/cancel', who: 'patron', fields: () => ({ hold_id: id(holdId) }) },
      { path: '/account/holds/edit', who: 'patron', fields: () => ({ hold_id: id(holdId), pickup: 'main', contact: 'phone' }) },
      {
        path: '/account/password',
        who: 'settings',
        fields: () => ({ current_password: 'kagi1234', new_password: 'kagi1234', new_password_confirm: 'kagi1234' }),
      },
      { path: '/account/email', who: 'settings', fields: () => ({ email: 'settings@example.jp' }) },
      { path: '/staff/login', who: 'visitor', fields: () => ({ username: 'guard', password: 'guard-2026-wrong' }) },
      { path: '/staff/checkout', who: 'staff', fields: () => ({ card_number: '08000001', barcode: 'H0000001' }) },
      { path: '/staff/checkin', who: 'staff', fields: () => ({ barcode: 'NOSUCH01', place: 'main' }) },
      { path: '/staff/checkin/receive', who: 'staff', fields: () => ({ barcode: 'NOSUCH01', place: 'main' }) },
      {
        path: '/staff/patrons/08000001/holds',
        who: 'staff',
        fields: () => ({ record_id: id(shelfRecord), pickup: 'main', contact: 'phone', key: randomBytes(16).toString('hex') }),
      },
      { path: '/staff/admin/calendar/weekly', who: 'staff', fields: () => ({ day: '1' }) },
      { path: '/staff/admin/calendar/closures', who: 'staff', fields: () => ({ from: '2027-01-05', to: '2027-01-06', note: '館内整理' }) },
      { path: '/staff/admin/calendar/open-days', who: 'staff', fields: () => ({ open_date: '2027-01-11', open_note: '特別開館' }) },
    ];
    routeProbes = [
      { who: 'visitor', method: 'GET', path: (v) => `/search?q=${v}` },
      { who: 'visitor', method: 'GET', path: (v) => `/search?q=本&type=${v}&available=${v}&sort=${v}&page=${v}` },
      { who: 'visitor', method: 'GET', path: (v) => `/records/${v}` },
      { who: 'visitor', method: 'GET', path: (v) => `/language/${v}?next=${v}` },
      { who: 'visitor', method: 'GET', path: (v) => `/language/en?next=${v}` },
      { who: 'visitor', method: 'GET', path: (v) => `/login?next=${v}&done=${v}` },
      { who: 'visitor', method: 'GET', path: (v) => `/account/email/confirm?token=${v}` },
      { who: 'visitor', method: 'GET', path: (v) => `/login/unlock/${v}` },
      { who: 'visitor', method: 'POST', path: (v) => `/login/unlock/${v}` },
      { who: 'visitor', method: 'GET', path: (v) => `/static/${v}` },
      { who: 'visitor', method: 'GET', path: (v) => `/dev/mailbox/${v}` },
      { who: 'visitor', method: 'GET', path: (v) => `/dev/mailbox/${v}.eml` },
      { who: 'patron', method: 'GET', path: (v) => `/account?done=${v}&renewed=${v}&notRenewed=${v}` },
      { who: 'patron', method: 'GET', path: (v) => `/account/holds/edit?hold_id=${v}` },
      { who: 'patron', method: 'GET', path: (v) => `/reserve?pickup=${v}&contact=${v}` },
      { who: 'patron', method: 'POST', path: (v) => `/cart/${v}/delete` },
      { who: 'patron', method: 'POST', path: (v) => `/account/loans/${v}/renew` },
      { who: 'settings', method: 'GET', path: (v) => `/account/email?done=${v}` },
      { who: 'staff', method: 'GET', path: (v) => `/staff/checkout?card=${v}` },
      { who: 'staff', method: 'GET', path: (v) => `/staff/checkin?place=${v}` },
      { who: 'staff', method: 'GET', path: (v) => `/staff/calls?done=${v}` },
      { who: 'staff', method: 'GET', path: (v) => `/staff/patrons?card=${v}` },
      { who: 'staff', method: 'GET', path: (v) => `/staff/patrons/${v}?done=${v}` },
      { who: 'staff', method: 'POST', path: (v) => `/staff/calls/${v}` },
      { who: 'staff', method: 'POST', path: (v) => `/staff/patrons/${v}/unlock` },
      { who: 'staff', method: 'POST', path: (v) => `/staff/patrons/08000001/holds/${v}/cancel` },
      { who: 'staff', method: 'POST', path: (v) => `/staff/admin/staff/${v}/unlock` },
      { who: 'staff', method: 'POST', path: (v) => `/staff/admin/calendar/closures/${v}/delete` },
      { who: 'staff', method: 'POST', path: (v) => `/staff/admin/calendar/open-days/${v}/delete` },
      { who: 'staff', method: 'GET', path: (v) => `/staff/admin/calendar?done=${v}&loans=${v}&holds=${v}` },
    ];
  });

  beforeEach(() => {
    failures.length = 0;
  });

  afterAll(async () => {
    console.log(`hostile input: ${requests} requests`);
    await ctx?.close();
  });

  /** A client signed in as `who`, holding its CSRF token. */
  async function signedIn(who: Exclude<Who, 'visitor'>): Promise<TestClient> {
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, owners[who]);
    await client.page(who === 'staff' ? '/staff' : '/account');
    return client;
  }

  /** A checksum of each guarded table. */
  async function snapshot(): Promise<Record<string, string>> {
    const columns = Object.entries(GUARDED).map(
      ([table, row]) => `(SELECT md5(coalesce(string_agg((${row})::text, '|' ORDER BY (${row})::text), '')) FROM ${table} t) AS ${table}`,
    );
    const result = await sql<Record<string, string>>`SELECT ${sql.raw(columns.join(', '))}`.execute(ctx.db);
    return result.rows[0]!;
  }

  /**
   * Sends one request and checks its answer: no 5xx, no markup sent back, a
   * refusal that is a page with words in it, and no change in the guarded
   * tables when it was refused. A failure is collected, so one run lists them all.
   */
  async function probe(label: string, who: Who, send: (client: TestClient) => Response | Promise<Response>): Promise<Response> {
    const before = await snapshot();
    const response = await send(clients[who]);
    const body = await response.text();
    const type = response.headers.get('Content-Type') ?? '';
    if (response.status >= 500) failures.push(`${label}: ${response.status}`);
    for (const marker of MARKUP) if (body.includes(marker)) failures.push(`${label}: answer contains ${JSON.stringify(marker)}`);
    if (response.headers.has('X-Injected')) failures.push(`${label}: a header was injected`);
    if (response.status >= 400) {
      if (type.startsWith('text/html') && !/<h1|<h2|role="alert"|role="status"|class="notice/.test(body))
        failures.push(`${label}: ${response.status} without a message`);
      const after = await snapshot();
      for (const table of Object.keys(before))
        if (before[table] !== after[table]) failures.push(`${label}: refused (${response.status}) but changed ${table}`);
    }
    // A request that ended the session (a lockout, a logout) gets a fresh one, so the next probe reaches the handler again.
    if (who !== 'visitor' && response.status === 303 && /^\/(staff\/)?login/.test(response.headers.get('Location') ?? ''))
      clients[who] = await signedIn(who);
    return response;
  }

  it('answers every bad value in every form field without a 5xx, and a refusal changes nothing', async () => {
    for (const form of forms) {
      for (const field of Object.keys(form.fields())) {
        for (const [name, value] of Object.entries(CORPUS)) {
          await probe(`POST ${form.path} ${field}=${name}`, form.who, (client) =>
            client.post(form.path, { ...form.fields(), [field]: value }),
          );
        }
        // A field sent twice, or a hundred and one times, instead of once.
        await probe(`POST ${form.path} ${field} repeated`, form.who, (client) =>
          client.post(form.path, { ...form.fields(), [field]: ['1', '2'] }),
        );
        await probe(`POST ${form.path} ${field} ×101`, form.who, (client) =>
          client.post(form.path, { ...form.fields(), [field]: Array.from({ length: 101 }, (_, i) => String(i + 1)) }),
        );
      }
      // Every field missing at once.
      await probe(`POST ${form.path} with no fields`, form.who, (client) => client.post(form.path, {}));
    }
    expect(failures.join('\n')).toBe('');
  }, 600_000);

  it('answers the same bad values sent by htmx (a fragment, not a page) without a 5xx', async () => {
    const htmx = { 'HX-Request': 'true' };
    for (const form of forms) {
      for (const field of Object.keys(form.fields())) {
        for (const name of ['empty', 'tenThousand', 'nul', 'script', 'attribute', 'sql', 'huge'] as const) {
          await probe(`htmx POST ${form.path} ${field}=${name}`, form.who, (client) =>
            client.post(form.path, { ...form.fields(), [field]: CORPUS[name]! }, { headers: htmx }),
          );
        }
      }
    }
    expect(failures.join('\n')).toBe('');
  }, 600_000);

  it('answers every bad value in every route parameter and query without a 5xx', async () => {
    for (const probeRoute of routeProbes) {
      for (const [name, value] of Object.entries(CORPUS)) {
        const path = probeRoute.path(percentEncoded(value.slice(0, 2000)));
        await probe(`${probeRoute.method} ${probeRoute.path(`{${name}}`)}`, probeRoute.who, (client) =>
          probeRoute.method === 'GET' ? client.get(path) : client.post(path, {}),
        );
      }
    }
    expect(failures.join('\n')).toBe('');
  }, 600_000);

  it('answers a date or a number of the right shape that does not exist, in every form field, without a 5xx', async () => {
    for (const form of forms) {
      for (const field of Object.keys(form.fields())) {
        for (const value of IMPOSSIBLE) {
          await probe(`POST ${form.path} ${field}=${value}`, form.who, (client) =>
            client.post(form.path, { ...form.fields(), [field]: value }),
          );
        }
      }
    }
    expect(failures.join('\n')).toBe('');
  }, 600_000);

  it('answers a date or a number of the right shape that does not exist, in every route parameter and query, without a 5xx', async () => {
    for (const probeRoute of routeProbes) {
      for (const value of [...IMPOSSIBLE, '99999999999999999999']) {
        const path = probeRoute.path(value);
        await probe(`${probeRoute.method} ${path}`, probeRoute.who, (client) =>
          probeRoute.method === 'GET' ? client.get(path) : client.post(path, {}),
        );
      }
    }
    expect(failures.join('\n')).toBe('');
  }, 600_000);

  it('refuses every form without its CSRF token, from another site, or by the wrong method, and changes nothing', async () => {
    const posts = [...forms.map((f) => ({ path: f.path, who: f.who, fields: f.fields() })), ...noFieldPosts()];
    for (const form of posts) {
      const noToken = await probe(`POST ${form.path} without a token`, form.who, (client) =>
        client.post(form.path, form.fields, { csrf: false }),
      );
      const wrongToken = await probe(`POST ${form.path} with a wrong token`, form.who, (client) =>
        client.post(form.path, { ...form.fields, _csrf: 'x'.repeat(43) }),
      );
      const otherSite = await probe(`POST ${form.path} from another site`, form.who, (client) =>
        client.post(form.path, form.fields, { headers: { Origin: 'https://evil.example' } }),
      );
      for (const response of [noToken, wrongToken, otherSite])
        if (response.status !== 403) failures.push(`POST ${form.path} without a valid token: ${response.status}`);
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const response = await probe(`${method} ${form.path}`, form.who, (client) =>
          ctx.app.request(`${ORIGIN}${form.path}`, {
            method,
            headers: { Origin: ORIGIN, Cookie: cookieOf(client), 'X-CSRF-Token': client.csrfToken ?? '' },
          }),
        );
        // The staff area sends a visitor to its sign-in page before it says anything else.
        const toStaffLogin = form.who === 'visitor' && response.headers.get('Location')?.startsWith('/staff/login');
        if (response.status < 400 && !toStaffLogin) failures.push(`${method} ${form.path}: ${response.status}`);
      }
    }
    expect(failures.join('\n')).toBe('');
  }, 600_000);

  it('answers invalid UTF-8 and broken percent-encoding in bodies and addresses with a 4xx or a page', async () => {
    const invalid = [
      Uint8Array.of(0xff, 0xfe, 0xfd),
      Uint8Array.of(0xe3, 0x81),
      Uint8Array.of(0xc0, 0xaf),
      Uint8Array.of(0xed, 0xa0, 0x80),
    ];
    for (const form of forms) {
      for (const field of Object.keys(form.fields())) {
        for (const bytes of invalid) {
          await probe(`POST ${form.path} ${field}=<bytes ${[...bytes].join(',')}>`, form.who, (client) => {
            const fields = new URLSearchParams({ ...form.fields(), _csrf: client.csrfToken ?? '' });
            fields.delete(field);
            const body = Buffer.concat([Buffer.from(`${fields.toString()}&${field}=`), bytes]);
            return ctx.app.request(`${ORIGIN}${form.path}`, {
              method: 'POST',
              body,
              headers: { Origin: ORIGIN, Cookie: cookieOf(client), 'Content-Type': 'application/x-www-form-urlencoded' },
            });
          });
        }
        await probe(`POST ${form.path} ${field}=%FF%E3%81%`, form.who, (client) =>
          ctx.app.request(`${ORIGIN}${form.path}`, {
            method: 'POST',
            body: `_csrf=${encodeURIComponent(client.csrfToken ?? '')}&${field}=%FF%E3%81%`,
            headers: { Origin: ORIGIN, Cookie: cookieOf(client), 'Content-Type': 'application/x-www-form-urlencoded' },
          }),
        );
      }
      // A multipart body that ends in the middle of a part.
      await probe(`POST ${form.path} broken multipart`, form.who, (client) =>
        ctx.app.request(`${ORIGIN}${form.path}`, {
          method: 'POST',
          body: '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nvalue',
          headers: {
            Origin: ORIGIN,
            Cookie: cookieOf(client),
            'Content-Type': 'multipart/form-data; boundary=b',
            'X-CSRF-Token': client.csrfToken ?? '',
          },
        }),
      );
    }
    for (const probeRoute of routeProbes) {
      for (const broken of ['%FF%FE', '%E3%81', '%C0%AF', '%ED%A0%80', '%', '%zz', '%00']) {
        const path = probeRoute.path(broken);
        await probe(`${probeRoute.method} ${path}`, probeRoute.who, (client) =>
          probeRoute.method === 'GET' ? client.get(path) : client.post(path, {}),
        );
      }
    }
    expect(failures.join('\n')).toBe('');
  }, 600_000);

  it('answers a hostile catalog upload with a message, not a failure', async () => {
    const files: [string, BlobPart][] = [
      ['catalog.csv', ''],
      [`${CORPUS.script}.csv`, 'id,material,title\n1,book,<script>alert(1)</script>\n'],
      ['catalog.csv', Uint8Array.of(0xff, 0xfe, 0x00, 0x01)],
      [
        'catalog.csv',
        'id,material,title,title_kana,author,author_kana,publisher,year,isbn,subject,serial,issue,issue_date,barcodes\n"1,book,"unclosed\n',
      ],
      ['catalog.mrc', '00000nam a2200000 a 4500'],
      ['catalog.xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><collection>&a;</collection>'],
      ['catalog.exe', 'MZ'],
      [`${'n'.repeat(10_000)}.csv`, 'id\n'],
    ];
    for (const [name, content] of files) {
      await probe(`POST /staff/admin/import ${name.slice(0, 40)}`, 'staff', (client) => {
        const body = new FormData();
        body.set('_csrf', client.csrfToken ?? '');
        body.set('file', new File([content], name));
        return ctx.app.request(`${ORIGIN}/staff/admin/import`, {
          method: 'POST',
          body,
          headers: { Origin: ORIGIN, Cookie: cookieOf(client) },
        });
      });
    }
    await probe('POST /staff/admin/import with a text field for the file', 'staff', (client) =>
      client.post('/staff/admin/import', { file: CORPUS.script! }),
    );
    expect(failures.join('\n')).toBe('');
  }, 120_000);

  it('shows whatever was stored as text on every page that shows it', async () => {
    const patron = clients.patron;
    for (const path of ['/account', '/account/holds', '/cart', '/reserve', '/search?q=%3Cscript%3E']) {
      await probe(`GET ${path} afterwards`, 'patron', () => patron.get(path));
    }
    for (const path of ['/account/email', '/account/password'])
      await probe(`GET ${path} afterwards`, 'settings', (client) => client.get(path));
    for (const path of [
      '/staff/checkout?card=08000001',
      '/staff/holds/shelf',
      '/staff/calls',
      '/staff/patrons/08000001',
      '/staff/patrons/08000002',
      '/staff/admin/calendar',
      '/staff/admin/staff',
      '/dev/mailbox',
    ]) {
      await probe(`GET ${path} afterwards`, 'staff', (client) => client.get(path));
    }
    expect(failures.join('\n')).toBe('');
  });

  /** The forms that post nothing but their token. */
  function noFieldPosts(): { path: string; who: Who; fields: Record<string, string> }[] {
    const paths: [Who, string][] = [
      ['patron', '/logout'],
      ['patron', '/account/email/test'],
      ['settings', '/account/email/delete'],
      ['patron', '/cart/1/delete'],
      ['patron', `/account/loans/${loanId}/renew`],
      ['staff', '/staff/patrons/08000001/unlock'],
      ['staff', '/staff/patrons/08000001/test-mail'],
      ['staff', '/staff/calls/1'],
      ['staff', '/staff/admin/staff/1/unlock'],
      ['staff', '/staff/admin/calendar/closures/2027-01-05/delete'],
      ['staff', '/staff/admin/calendar/open-days/2027-01-11/delete'],
      ['staff', '/staff/admin/import'],
      ['staff', '/staff/logout'],
    ];
    return paths.map(([who, path]) => ({ who, path, fields: {} }));
  }

  /** Every UTF-8 byte percent-encoded (a lone surrogate becomes U+FFFD, as a browser sends it). */
  function percentEncoded(value: string): string {
    return [...Buffer.from(value)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  }

  function cookieOf(client: TestClient): string {
    const token = client.cookie('session');
    return token ? `session=${token}` : '';
  }
});
