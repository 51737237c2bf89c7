/**
 * Due-date reminders and overdue notices (SPEC §13), on PGlite and
 * PostgreSQL: `run-jobs --date` moves the day, the patron renews through
 * the account page, and /account/notices turns each kind off. The test
 * clock stands at 2026-12-01 (a Tuesday) 10:00 in Tokyo; Mondays are closed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../src/admin/run-command.ts';
import { renderMail, mailContentOf } from '../../src/mail/mail.templates.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addPatron } from '../support/fixtures.ts';
import { lendTo, loanRow } from '../support/loans.ts';
import { signInDirectly } from '../support/sign-in.ts';

describe.each(databaseKinds)('reminders on %s', (kind) => {
  let ctx: TestContext;

  beforeEach(async () => {
    ctx = await createTestContext(kind);
  });
  afterEach(() => ctx.close());

  function reader(email: string | null, values: { confirmed?: boolean; locale?: 'ja' | 'en' } = {}) {
    return addPatron(ctx.db, {
      email,
      email_confirmed_at: email && values.confirmed !== false ? ctx.clock.now() : null,
      locale: values.locale ?? 'ja',
    });
  }

  async function runJobs(date: string) {
    const run = await runAdminCommand('run-jobs', ['--date', date], { database: ctx.database, config: ctx.config, clock: ctx.clock });
    expect(run.exitCode).toBe(0);
    return run.out.find((line) => line.startsWith('reminders'))!;
  }

  /** The reminders queued so far, oldest first, with what each lists. */
  async function reminders() {
    const rows = await ctx.db
      .selectFrom('outbox')
      .select(['patron_id', 'template', 'locale', 'data', 'to_address'])
      .where('template', 'in', ['due-soon', 'overdue'])
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      patronId: row.patron_id,
      template: row.template,
      locale: row.locale,
      titles: (row.data.loans as { title: string }[]).map((loan) => loan.title),
      mail: renderMail(mailContentOf(row.template, row.data)!, row.locale, ctx.config),
    }));
  }

  it('sends one 返却期限のお知らせ per patron listing every loan due that day, once, only to confirmed addresses', async () => {
    const hanako = await reader('hanako@example.jp');
    const taro = await reader('taro@example.jp', { confirmed: false });
    const ichiro = await reader(null);
    await lendTo(ctx, hanako, { dueDate: '2026-12-08', title: '銀河鉄道の夜' });
    await lendTo(ctx, hanako, { dueDate: '2026-12-08', title: '風の又三郎' });
    await lendTo(ctx, hanako, { dueDate: '2026-12-09', title: '注文の多い料理店' });
    await lendTo(ctx, taro, { dueDate: '2026-12-08' });
    await lendTo(ctx, ichiro, { dueDate: '2026-12-08' });

    expect(await runJobs('2026-12-05')).toContain('due-soon reminders: 0 mail(s)');
    expect(await runJobs('2026-12-06')).toContain('due-soon reminders: 1 mail(s)');
    expect(await runJobs('2026-12-06')).toContain('due-soon reminders: 0 mail(s)');

    const sent = await reminders();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ patronId: hanako, template: 'due-soon', titles: ['銀河鉄道の夜', '風の又三郎'] });
    expect(sent[0]!.mail.subject).toBe('返却期限のお知らせ');
    expect(sent[0]!.mail.text).toContain('・銀河鉄道の夜（返却期限 2026年12月8日(火)）');
  });

  it("writes in the patron's language and leaves out a patron whose address bounced", async () => {
    const english = await reader('reader@example.com', { locale: 'en' });
    const bounced = await reader('gone@example.jp');
    await ctx.db.updateTable('patrons').set({ email_undeliverable_at: ctx.clock.now() }).where('id', '=', bounced).execute();
    await lendTo(ctx, english, { dueDate: '2026-12-08', title: 'Night on the Galactic Railroad' });
    await lendTo(ctx, bounced, { dueDate: '2026-12-08' });

    await runJobs('2026-12-06');

    const sent = await reminders();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ patronId: english, locale: 'en' });
    expect(sent[0]!.mail.subject).toBe('Your loans are due soon');
    expect(sent[0]!.mail.text).toContain('- Night on the Galactic Railroad (due');
  });

  it('moves the reminder to the new due date when the patron renews', async () => {
    const hanako = await reader('hanako@example.jp');
    const loan = await lendTo(ctx, hanako, { dueDate: '2026-12-08', title: '銀河鉄道の夜' });
    await runJobs('2026-12-06');

    ctx.clock.set('2026-12-07T10:00:00+09:00');
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId: hanako });
    await client.page('/account');
    expect((await client.post(`/account/loans/${loan.loanId}/renew`)).status).toBe(303);
    const { due_date: newDue } = await loanRow(ctx, loan.loanId);
    expect(newDue > '2026-12-08').toBe(true);

    const twoDaysBefore = new Date(`${newDue}T12:00:00+09:00`);
    twoDaysBefore.setUTCDate(twoDaysBefore.getUTCDate() - 2);
    const reminderDay = twoDaysBefore.toISOString().slice(0, 10);
    expect(await runJobs('2026-12-08')).toContain('due-soon reminders: 0 mail(s)');
    expect(await runJobs(reminderDay)).toContain('due-soon reminders: 1 mail(s)');
    expect(await runJobs(reminderDay)).toContain('due-soon reminders: 0 mail(s)');

    const sent = await reminders();
    expect(sent.map((mail) => mail.template)).toEqual(['due-soon', 'due-soon']);
    const dueDates = await ctx.db.selectFrom('loan_reminders').select(['due_date', 'kind']).orderBy('due_date').execute();
    expect(dueDates).toEqual([
      { due_date: '2026-12-08', kind: 'due_soon' },
      { due_date: newDue, kind: 'due_soon' },
    ]);
  });

  it('sends overdue notices the day after the due date, then weekly, three at most', async () => {
    const hanako = await reader('hanako@example.jp');
    await lendTo(ctx, hanako, { dueDate: '2026-12-08', title: '銀河鉄道の夜' });
    await lendTo(ctx, hanako, { dueDate: '2026-12-08', title: '風の又三郎' });

    const days = [
      '2026-12-08',
      '2026-12-09',
      '2026-12-09',
      '2026-12-10',
      '2026-12-16',
      '2026-12-22',
      '2026-12-23',
      '2026-12-30',
      '2027-01-06',
    ];
    const notices = [];
    for (const day of days) notices.push(/overdue notices: (\d+)/.exec(await runJobs(day))![1]);

    expect(notices).toEqual(['0', '1', '0', '0', '1', '0', '1', '0', '0']);
    const sent = (await reminders()).filter((mail) => mail.template === 'overdue');
    expect(sent).toHaveLength(3);
    expect(sent[0]!.titles).toEqual(['銀河鉄道の夜', '風の又三郎']);
    expect(sent[0]!.mail.subject).toBe('返却期限を過ぎた資料があります');
  });

  it('/account/notices turns each kind off (a missing checkbox is 0) in both languages, and the job respects it', async () => {
    const hanako = await reader('hanako@example.jp');
    await lendTo(ctx, hanako, { dueDate: '2026-12-08' });
    await lendTo(ctx, hanako, { dueDate: '2026-11-30' });
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId: hanako });

    expect((await client.page('/account')).html).toContain('href="/account/notices"');
    const { response, html } = await client.page('/account/notices');
    expect(response.status).toBe(200);
    expect(html).toContain('返却期限の2日前に「返却期限のお知らせ」を受け取る');
    expect(html).toMatch(/name="due_soon" value="1" checked/);

    const saved = await client.submit('/account/notices', { overdue: '1' });
    expect(await saved.text()).toContain('お知らせメールの設定を保存しました。');
    const english = await client.page('/account/notices', { 'Accept-Language': 'en' });
    expect(english.html).toContain('Send &quot;Your loans are due soon&quot; 2 days before the due date');
    expect(english.html).not.toMatch(/name="due_soon" value="1" checked/);
    expect(english.html).toMatch(/name="overdue" value="1" checked/);

    expect(await runJobs('2026-12-06')).toContain('due-soon reminders: 0 mail(s), overdue notices: 1 mail(s)');
  });

  it('refuses a value that is not a checkbox with 422 and changes nothing; a visitor is sent to sign in', async () => {
    const hanako = await reader('hanako@example.jp');
    const visitor = new TestClient(ctx.app);
    expect((await visitor.get('/account/notices')).headers.get('Location')).toBe('/login?next=%2Faccount%2Fnotices');

    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId: hanako });
    await client.page('/account/notices');
    const refused = await client.post('/account/notices', { due_soon: 'yes' });

    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('お知らせの設定はチェックボックスで選んでください。');
    const row = await ctx.db
      .selectFrom('patrons')
      .select(['notify_due_soon', 'notify_overdue'])
      .where('id', '=', hanako)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ notify_due_soon: true, notify_overdue: true });
  });

  it('lists overdue patrons no mail reaches on the staff phone-call list (電話督促), not those who get the notice', async () => {
    const byMail = await reader('hanako@example.jp');
    const noMail = await addPatron(ctx.db, { name: '佐藤 太郎', phone: '0451112222' });
    const unconfirmed = await reader('misaki@example.jp', { confirmed: false });
    await lendTo(ctx, byMail, { dueDate: '2026-11-20', title: 'メールで督促する本' });
    await lendTo(ctx, noMail, { dueDate: '2026-11-20', title: '電話で督促する本' });
    await lendTo(ctx, noMail, { dueDate: '2026-12-08', title: 'まだ期限内の本' });
    await lendTo(ctx, unconfirmed, { dueDate: '2026-11-28', title: '未確認アドレスの本' });
    const staff = await ctx.db
      .insertInto('staff')
      .values({ username: 'desk1', role: 'desk', password_hash: 'unused' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { staffId: staff.id });

    const { html } = await client.page('/staff/calls');
    const section = /<section id="overdue-calls"[\s\S]*?<\/section>/.exec(html)![0];

    expect(section).toContain('督促の電話（返却期限切れ・メールなし）');
    expect(section).toContain('佐藤 太郎');
    expect(section).toContain('href="tel:0451112222"');
    expect(section).toContain('電話で督促する本');
    expect(section).toContain('11日超過');
    expect(section).toContain('未確認アドレスの本');
    expect(section).not.toContain('まだ期限内の本');
    expect(section).not.toContain('メールで督促する本');
  });
});
