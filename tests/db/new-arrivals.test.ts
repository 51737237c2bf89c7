/**
 * The daily 新着資料のお知らせ job on PGlite and PostgreSQL: records
 * catalogued since an alert last looked, matched as the search box matches,
 * go out in one mail per patron and day, at most once a week per alert,
 * only to a confirmed address mail reaches; run twice, it sends nothing twice.
 * Mail is read from the outbox and rendered as the worker would send it.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAlert } from '../../src/alerts/alerts.repo.ts';
import { MAX_ALERTS } from '../../src/alerts/alerts.rules.ts';
import { sendNewArrivals } from '../../src/alerts/alerts.job.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { dailyJobs } from '../../src/jobs/daily-jobs.ts';
import { mailContentOf, renderMail } from '../../src/mail/mail.templates.ts';
import { testConfig } from '../support/app.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addPatron, addRecord, titleSearchText } from '../support/fixtures.ts';

const config = testConfig();
const at = (day: string) => new Date(`${day}T10:00:00+09:00`);

describe.each(databaseKinds)('new-arrival alerts on %s', (kind) => {
  let database: AppDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(() => database.close());
  const db = () => database.db;

  /** A book catalogued on that day (the column's type is Generated, which Kysely will not let a value into). */
  async function catalogue(title: string, day: string, material: 'book' | 'av' = 'book') {
    const id = await addRecord(db(), { title, material, search_text: titleSearchText(title) });
    await sql`UPDATE records SET created_at = ${at(day)} WHERE id = ${id}`.execute(db());
  }
  const confirmed = { email: 'reader@example.jp', email_confirmed_at: at('2026-11-01') };
  const run = (day: string) => sendNewArrivals(db(), config, day, at(day));
  const outbox = () => db().selectFrom('outbox').selectAll().orderBy('id').execute();

  it('mails one patron once a day with every due alert that has new matches, a week apart per alert, idempotently', async () => {
    const reader = await addPatron(db(), confirmed);
    const save = (query: string, day: string, material: 'book' | 'av' | null = null) =>
      addAlert(db(), reader, { query, material }, MAX_ALERTS, at(day));
    await catalogue('古い猫の本', '2026-11-30');
    expect(await save('猫', '2026-12-01')).toBe('added');
    expect(await save('猫', '2026-12-01')).toBe('same');
    await save('草枕', '2026-12-01');
    await save('猫', '2026-12-01', 'av');
    await catalogue('吾輩は猫である', '2026-12-02');
    await catalogue('猫の事務所', '2026-12-02');
    await catalogue('草枕', '2026-12-02');
    await catalogue('坊っちゃん', '2026-12-02');

    expect(await run('2026-12-03')).toBe(1);
    expect(await run('2026-12-03')).toBe(0);
    const [mail, ...others] = await outbox();
    expect(others).toEqual([]);
    expect(mail).toMatchObject({ to_address: 'reader@example.jp', patron_id: reader, template: 'new-arrivals' });
    const content = mailContentOf(mail!.template, mail!.data)!;
    expect(content).toEqual({
      template: 'new-arrivals',
      data: {
        alerts: [
          { query: '猫', url: 'http://127.0.0.1:3000/search?q=%E7%8C%AB&sort=newest', titles: ['猫の事務所', '吾輩は猫である'], more: 0 },
          { query: '草枕', url: expect.stringContaining('/search?q='), titles: ['草枕'], more: 0 },
        ],
      },
    });
    const { subject, text } = renderMail(content, 'ja', config);
    expect(subject).toBe('新着資料のお知らせ');
    expect(text).toContain('■「猫」の新着資料（2件）\n・猫の事務所\n・吾輩は猫である\nhttp://127.0.0.1:3000/search?q=');
    expect(text).toContain('http://127.0.0.1:3000/account/alerts');
    expect(text).not.toContain('古い猫の本');
    expect(text).not.toContain('坊っちゃん');

    await catalogue('猫町', '2026-12-04');
    await catalogue('猫のCD', '2026-12-04', 'av');
    // The 猫 alert mailed on the 3rd waits a week; the audiovisual one has not mailed yet, so it goes on the 5th.
    expect(await run('2026-12-05')).toBe(1);
    const fifth = mailContentOf('new-arrivals', (await outbox())[1]!.data);
    expect(fifth?.data).toEqual({ alerts: [expect.objectContaining({ query: '猫', titles: ['猫のCD'] })] });
    expect(await run('2026-12-09')).toBe(0);
    expect(await run('2026-12-10')).toBe(1);
    const tenth = mailContentOf('new-arrivals', (await outbox())[2]!.data);
    expect(tenth?.data).toEqual({ alerts: [expect.objectContaining({ query: '猫', titles: ['猫のCD', '猫町'] })] });
  });

  it('sends nothing to an unconfirmed or undeliverable address, and is one of the daily jobs', async () => {
    const unconfirmed = await addPatron(db(), { email: 'new@example.jp' });
    const bouncing = await addPatron(db(), { ...confirmed, email_undeliverable_at: at('2026-11-20') });
    const none = await addPatron(db());
    for (const patron of [unconfirmed, bouncing, none])
      await addAlert(db(), patron, { query: '猫', material: null }, MAX_ALERTS, at('2026-12-01'));
    await catalogue('吾輩は猫である', '2026-12-02');
    expect(await run('2026-12-03')).toBe(0);
    expect(await outbox()).toEqual([]);
    expect(dailyJobs().map((job) => job.name)).toContain('new-arrivals');
  });

  it('counts the titles past those a mail lists, and keeps a patron to the limit of saved searches', async () => {
    const reader = await addPatron(db(), confirmed);
    await addAlert(db(), reader, { query: '猫', material: null }, MAX_ALERTS, at('2026-12-01'));
    for (let i = 0; i < 23; i += 1) await catalogue(`猫の本 ${i}`, '2026-12-02');
    expect(await run('2026-12-03')).toBe(1);
    const content = mailContentOf('new-arrivals', (await outbox())[0]!.data)!;
    expect(content.data).toMatchObject({ alerts: [{ more: 3 }] });
    expect(renderMail(content, 'en', config).text).toContain('## New for "猫" (23)');
    for (let i = 1; i < MAX_ALERTS; i += 1)
      await addAlert(db(), reader, { query: `言葉${i}`, material: null }, MAX_ALERTS, at('2026-12-01'));
    expect(await addAlert(db(), reader, { query: 'もう一つ', material: null }, MAX_ALERTS, at('2026-12-01'))).toBe('full');
  });
});
