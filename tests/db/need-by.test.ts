/**
 * 予約の有効期限's daily job (SPEC §14) on PGlite and PostgreSQL: a hold
 * still pending after its need-by date is cancelled and the patron who
 * chose e-mail is told by mail (in their language); a hold made ready in
 * time, one without a date, or one whose day has not passed stays; a
 * second run for the same day changes nothing; the next title of a series
 * is freed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/db/database.ts';
import { needByJob } from '../../src/holds/need-by.job.ts';
import { renderMail, mailContentOf } from '../../src/mail/mail.templates.ts';
import { testConfig } from '../support/app.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addCopy, addHold, addPatron, addRecord } from '../support/fixtures.ts';

const config = testConfig();
const now = new Date('2026-12-08T06:00:00+09:00');
const today = '2026-12-08';

describe.each(databaseKinds)('the need-by job on %s', (kind) => {
  let database: AppDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(() => database.close());

  const run = () => needByJob.run({ db: database.db, config, now, today });
  const hold = (id: number) => database.db.selectFrom('holds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('cancels holds still pending after their date, tells the patron by the contact method, and runs once', async () => {
    const db = database.db;
    const mailed = await addPatron(db, { email: 'reader@example.jp', email_confirmed_at: now, locale: 'en' });
    const bounced = await addPatron(db, { email: 'gone@example.jp', email_confirmed_at: now, email_undeliverable_at: now });
    const record = await addRecord(db, { title: '急ぎの本' });
    const byMail = await addHold(db, { patron_id: mailed, record_id: record, contact: 'email', need_by: '2026-12-07' });
    const byPhone = await addHold(db, { patron_id: bounced, record_id: record, contact: 'email', need_by: '2026-12-01' });
    const stillTime = await addHold(db, { patron_id: mailed, record_id: await addRecord(db), contact: 'email', need_by: today });
    const noDate = await addHold(db, { patron_id: mailed, record_id: await addRecord(db), contact: 'email' });
    const shelved = await addRecord(db);
    const readyInTime = await addHold(db, {
      patron_id: bounced,
      record_id: shelved,
      status: 'ready',
      copy_id: await addCopy(db, shelved, { status: 'on_hold_shelf' }),
      ready_at: now,
      pickup_deadline: '2026-12-15',
      need_by: '2026-12-02',
    });

    expect(await run()).toBe('holds cancelled past their need-by date: 2 (1 mail(s))');
    expect(await hold(byMail)).toMatchObject({ status: 'cancelled', closed_reason: 'need_by_passed' });
    expect(await hold(byPhone)).toMatchObject({ status: 'cancelled', closed_reason: 'need_by_passed' });
    for (const id of [stillTime, noDate]) expect((await hold(id)).status).toBe('pending');
    expect((await hold(readyInTime)).status).toBe('ready');

    const mails = await db.selectFrom('outbox').selectAll().execute();
    expect(mails.map((m) => [m.to_address, m.template, m.locale, m.data])).toEqual([
      ['reader@example.jp', 'hold-need-by', 'en', { title: '急ぎの本', needBy: '2026-12-07' }],
    ]);
    const content = mailContentOf(mails[0]!.template, mails[0]!.data);
    expect(content).not.toBeNull();
    const rendered = renderMail(content!, 'en', config);
    expect(rendered.subject).toBe('Your reservation has been cancelled (needed-by date passed)');
    expect(rendered.text).toContain('Title: 急ぎの本\nNeeded by: Mon, 7 December 2026');
    const audits = await db.selectFrom('audit_log').select(['action', 'hold_id']).where('action', '=', 'hold-need-by-passed').execute();
    expect(audits.map((a) => a.hold_id).sort()).toEqual([byMail, byPhone].sort());

    expect(await run()).toBe('holds cancelled past their need-by date: 0 (0 mail(s))');
    expect(await db.selectFrom('outbox').select('id').execute()).toHaveLength(1);
  });
});
