/**
 * The outbox and its delivery worker against a real SMTP server, on PGlite
 * and on PostgreSQL. The worker's clock is a TestClock: retries are due
 * when the test moves time, not after real minutes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { deliverDueMails } from '../../src/mail/mail.delivery.ts';
import { patronMailStatus, queueMail } from '../../src/mail/mail.repo.ts';
import { LEASE_MS } from '../../src/mail/mail.rules.ts';
import type { MailContent } from '../../src/mail/mail.templates.ts';
import { type MailTransport, smtpTransport } from '../../src/mail/mail.transport.ts';
import { testConfig } from '../support/app.ts';
import { TestClock } from '../support/clock.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp.ts';

const holdReady: MailContent = {
  template: 'hold-ready',
  data: { title: '吾輩は猫である', place: 'bm-kita', deadline: '2026-12-08' },
};

describe.each(databaseKinds)('mail delivery on %s', (kind) => {
  let database: AppDatabase;
  let clock: TestClock;
  let config: Config;
  let sink: SmtpSink;
  const transports: MailTransport[] = [];

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    clock = new TestClock();
    config = testConfig();
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    for (const transport of transports.splice(0)) transport.close();
    await sink.stop();
    await database.close();
  });

  /** A transport to the sink, closed after the test. */
  function transport(): MailTransport {
    const made = smtpTransport(sink.url);
    transports.push(made);
    return made;
  }

  function deliver(via: MailTransport = transport(), batchSize?: number) {
    return deliverDueMails({ db: database.db, clock, transport: via, settings: config, batchSize });
  }

  async function addPatron(email: string): Promise<number> {
    const row = await database.db
      .insertInto('patrons')
      .values({ card_number: '01234567', name: '試験 花子', birth_date: '1990-01-02', email, email_confirmed_at: clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  function queue(to: string, patronId: number | null = null, content: MailContent = holdReady) {
    return queueMail(database.db, { to, patronId, content }, { now: clock.now(), mailFrom: config.mailFrom });
  }

  function outboxRow(id: number) {
    return database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  it('delivers a queued mail with its subject, text, From and Message-ID', async () => {
    const patronId = await addPatron('hanako@example.jp');
    const queued = await queue('hanako@example.jp', patronId);

    expect(await deliver()).toEqual({ sent: 1, retrying: 0, failed: 0, lost: 0 });

    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.subject).toBe('予約資料のご用意ができました');
    expect(mail.messageId).toBe(queued.messageId);
    expect(mail.from?.value[0]?.address).toBe(config.mailFrom);
    expect(mail.from?.value[0]?.name).toBe('みなと市立図書館');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined).toBe('hanako@example.jp');
    expect(mail.text).toContain('資料名: 吾輩は猫である');
    expect(mail.text).toContain('受取場所: BM 北公民館前');
    expect(mail.text).toContain('取置期限: 2026年12月8日(火)');
    expect(mail.text).toContain('送信専用');
    expect(mail.text).toContain('「@library.example.jp」');
    const row = await outboxRow(queued.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null, locked_until: null });
    expect(row.sent_at).toEqual(clock.now());

    const status = await patronMailStatus(database.db, patronId);
    expect(status.lastSent).toEqual({ at: clock.now(), template: 'hold-ready', to: 'hanako@example.jp' });
    expect(status.lastFailure).toBeNull();
    expect(status.undeliverable).toBeNull();
    expect(status.waiting).toBe(0);
  });

  it('retries after 4xx replies with growing delays, then delivers the mail once', async () => {
    const queued = await queue('hanako@example.jp');
    sink.refuseNext = [451, 451];
    const queuedAt = clock.now().getTime();

    expect(await deliver()).toMatchObject({ retrying: 1 });
    const first = await outboxRow(queued.id);
    expect(first).toMatchObject({ status: 'queued', attempts: 1 });
    expect(first.last_error).toMatch(/^451 /);
    const firstDelay = first.next_attempt_at.getTime() - queuedAt;

    clock.advanceMinutes(firstDelay / 60_000 - 0.5);
    expect(await deliver()).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 0 });
    clock.advanceMinutes(0.5);
    expect(await deliver()).toMatchObject({ retrying: 1 });
    const second = await outboxRow(queued.id);
    expect(second.attempts).toBe(2);
    const secondDelay = second.next_attempt_at.getTime() - clock.now().getTime();
    expect(secondDelay).toBeGreaterThan(firstDelay);

    clock.set(second.next_attempt_at);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.messageId).toBe(queued.messageId);
    expect(sink.recipientAttempts).toBe(3);
    expect(await outboxRow(queued.id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
  });

  it('fails a mail at once when the server refuses the recipient with 550, and flags the address', async () => {
    const patronId = await addPatron('nobody@example.jp');
    const queued = await queue('nobody@example.jp', patronId);
    sink.refuseNext = [550];

    expect(await deliver()).toMatchObject({ failed: 1 });
    const row = await outboxRow(queued.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toMatch(/^550 5\.1\.1 /);
    const patron = await database.db.selectFrom('patrons').selectAll().where('id', '=', patronId).executeTakeFirstOrThrow();
    expect(patron.email_undeliverable_at).toEqual(clock.now());
    expect(patron.email_undeliverable_reason).toBe(row.last_error);

    clock.advanceDays(3);
    expect(await deliver()).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 0 });
    expect(sink.received).toHaveLength(0);

    const status = await patronMailStatus(database.db, patronId);
    expect(status.undeliverable).toEqual({ at: patron.email_undeliverable_at, reason: row.last_error });
    expect(status.lastFailure).toMatchObject({ template: 'hold-ready', reason: row.last_error, final: true });
    expect(status.lastSent).toBeNull();
  });

  it('clears the flag when the server accepts the address again', async () => {
    const patronId = await addPatron('mended@example.jp');
    sink.refuseNext = [550];
    await queue('mended@example.jp', patronId);
    await deliver();
    clock.advanceMinutes(10);
    await queue('mended@example.jp', patronId, { template: 'test', data: {} });
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect((await patronMailStatus(database.db, patronId)).undeliverable).toBeNull();
  });

  it('loses nothing while the server is down, and delivers everything once it is back', async () => {
    await sink.stop();
    const ids = [await queue('a@example.jp'), await queue('b@example.jp'), await queue('c@example.jp')];
    for (const minutes of [0, 1, 5, 30]) {
      clock.advanceMinutes(minutes);
      expect(await deliver()).toMatchObject({ retrying: 3 });
    }
    const waiting = await outboxRow(ids[0]!.id);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 4 });
    expect(waiting.last_error).toMatch(/ECONNECTION|ECONNREFUSED/);

    await sink.start();
    clock.advanceMinutes(120);
    expect(await deliver()).toMatchObject({ sent: 3 });
    expect(sink.received.map((m) => m.messageId).sort()).toEqual(ids.map((q) => q.messageId).sort());
  });

  it('gives a mail up after about two days of a server that stays down, without flagging the address', async () => {
    await sink.stop();
    const patronId = await addPatron('hanako@example.jp');
    const queued = await queue('hanako@example.jp', patronId);
    const queuedAt = clock.now().getTime();
    let attempts = 0;
    for (;;) {
      const report = await deliver();
      attempts += 1;
      if (report.failed === 1) break;
      expect(report.retrying).toBe(1);
      clock.set((await outboxRow(queued.id)).next_attempt_at);
    }
    const hours = (clock.now().getTime() - queuedAt) / 3_600_000;
    expect(hours).toBeGreaterThan(40);
    expect(hours).toBeLessThanOrEqual(48);
    expect(await outboxRow(queued.id)).toMatchObject({ status: 'failed', attempts });
    const status = await patronMailStatus(database.db, patronId);
    expect(status.undeliverable).toBeNull();
    expect(status.lastFailure).toMatchObject({ final: true });
  });

  it('sends every mail exactly once when two workers share the outbox', async () => {
    const queued = [];
    for (let i = 0; i < 40; i++) queued.push(await queue(`reader${i}@example.jp`));

    const [one, two] = await Promise.all([deliver(transport(), 4), deliver(transport(), 4)]);

    expect(one.sent + two.sent).toBe(40);
    expect(one.lost + two.lost).toBe(0);
    const ids = sink.received.map((m) => m.messageId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    const rows = await database.db.selectFrom('outbox').select(['status', 'attempts']).execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('sends nothing for a mail queued in a transaction that rolls back', async () => {
    await expect(
      database.db.transaction().execute(async (tx) => {
        await queueMail(tx, { to: 'hanako@example.jp', content: holdReady }, { now: clock.now(), mailFrom: config.mailFrom });
        throw new Error('the hold could not be made ready');
      }),
    ).rejects.toThrow('the hold could not be made ready');

    expect(await deliver()).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 0 });
    expect(sink.received).toHaveLength(0);
    expect(await database.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });

  it('re-sends at most once, with the same Message-ID, after a worker dies between SMTP acceptance and the database update', async () => {
    const queued = await queue('hanako@example.jp');
    const real = transport();
    // A worker that dies right after the server accepted: its send never returns, nothing is recorded.
    const dying: MailTransport = { send: (mail) => real.send(mail).then(() => new Promise<void>(() => {})), close: () => {} };
    void deliver(dying);
    await sink.waitForMails(1);

    // While the dead worker's lease lasts, nobody sends the mail again.
    clock.advanceMinutes(LEASE_MS / 60_000 - 1);
    expect(await deliver()).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 0 });

    clock.advanceMinutes(1);
    expect(await deliver()).toMatchObject({ sent: 1 });
    clock.advanceDays(3);
    expect(await deliver()).toEqual({ sent: 0, retrying: 0, failed: 0, lost: 0 });

    expect(sink.received.map((m) => m.messageId)).toEqual([queued.messageId, queued.messageId]);
    expect(await outboxRow(queued.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
