/**
 * Returned mail end to end, on PGlite and on PostgreSQL: a mail leaves
 * through a real SMTP server with its own VERP envelope sender, and a real
 * bounce (tests/fixtures/bounces, from sisimai's set-of-emails) delivered to
 * that address is read and recorded. The receiving mail server writes the
 * address it delivered to as Delivered-To, as Postfix and Exim do before
 * piping a mail to `bounce`; the tests add that header to the samples.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../src/admin/run-command.ts';
import type { Config } from '../../src/config.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { describeOutcome, handleReturnedMail } from '../../src/mail/bounce.ts';
import { deliverDueMails } from '../../src/mail/mail.delivery.ts';
import { queueMail } from '../../src/mail/mail.repo.ts';
import { type MailTransport, smtpTransport } from '../../src/mail/mail.transport.ts';
import { testConfig } from '../support/app.ts';
import { TestClock } from '../support/clock.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addPatron } from '../support/fixtures.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp.ts';

const BOUNCE_ADDRESS = 'bounce@library.example.jp';

function sample(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/bounces/${name}.eml`, import.meta.url));
}

/** A sample as the library's mail server hands it on: delivered to `to`. */
function deliveredTo(to: string, name: string): Buffer {
  return Buffer.concat([Buffer.from(`Delivered-To: ${to}\n`), sample(name)]);
}

describe.each(databaseKinds)('returned mail on %s', (kind) => {
  let database: AppDatabase;
  let clock: TestClock;
  let config: Config;
  let sink: SmtpSink;
  let transport: MailTransport;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    clock = new TestClock();
    config = testConfig({ bounceAddress: BOUNCE_ADDRESS });
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
  });
  afterEach(async () => {
    transport.close();
    await sink.stop();
    await database.close();
  });

  async function patronWithAddress(email = 'hanako@example.jp') {
    const id = await addPatron(database.db, { email, email_confirmed_at: clock.now() });
    return { id, email };
  }

  /** Queues a test mail to the patron, sends it through the sink, and returns the envelope sender it left with. */
  async function sendMail(patron: { id: number; email: string }): Promise<string> {
    await queueMail(
      database.db,
      { to: patron.email, patronId: patron.id, content: { template: 'test', data: {} } },
      { now: clock.now(), mailFrom: config.mailFrom },
    );
    expect(await deliverDueMails({ db: database.db, clock, transport, settings: config })).toMatchObject({ sent: 1 });
    clock.advanceMinutes(10);
    return sink.envelopes.at(-1)!.from;
  }

  function returned(raw: Buffer) {
    return handleReturnedMail(database.db, config, raw, clock.now());
  }

  async function flagOf(patronId: number) {
    return database.db
      .selectFrom('patrons')
      .select(['email_undeliverable_at', 'email_undeliverable_reason'])
      .where('id', '=', patronId)
      .executeTakeFirstOrThrow();
  }

  it('sends each mail from its own VERP address, and a bounce to that address flags the patron (round trip)', async () => {
    const patron = await patronWithAddress();
    const first = await sendMail(patron);
    const second = await sendMail(patron);

    expect(first).toMatch(/^bounce\+[0-9a-f-]{36}@library\.example\.jp$/);
    expect(second).not.toBe(first);
    expect(sink.envelopes[0]!.to).toEqual([patron.email]);
    expect(sink.received[0]!.from?.value[0]?.address).toBe(config.mailFrom);

    const stdin = deliveredTo(first, 'rhost-nttdocomo-01').toString('utf8');
    const run = await runAdminCommand('bounce', [], { database, config, clock, stdin });

    expect(run).toEqual({
      exitCode: 0,
      out: [expect.stringMatching(/^hard bounce 5\.2\.0 \(NTT docomo\); mail \d+, patron \d+: address flagged undeliverable$/)],
      err: '',
    });
    const flag = await flagOf(patron.id);
    expect(flag.email_undeliverable_at).toEqual(clock.now());
    expect(flag.email_undeliverable_reason).toContain('5.2.0');
  });

  it.each([
    ['lhost-gmail-01', '5.1.1'],
    ['lhost-outlook-02', '5.1.1'],
    ['lhost-yahoo-11', '5.1.8'],
    ['lhost-postfix-68', '5.0.0'],
    ['lhost-ezweb-01', '5.0.0'],
  ])('flags the address at once on a hard bounce: %s', async (name, status) => {
    const patron = await patronWithAddress();
    const envelope = await sendMail(patron);

    const outcome = await returned(deliveredTo(envelope, name));

    expect(outcome).toMatchObject({ kind: 'recorded', flagged: true, failed: { severity: 'hard', status } });
    expect((await flagOf(patron.id)).email_undeliverable_at).not.toBeNull();
  });

  it('counts soft bounces and flags only a run of them with no mail delivered in between', async () => {
    const patron = await patronWithAddress();
    const bounceOf = async () => returned(deliveredTo(await sendMail(patron), 'lhost-outlook-07'));

    expect(await bounceOf()).toMatchObject({ kind: 'recorded', flagged: false, failed: { severity: 'soft', status: '4.4.7' } });
    expect(await bounceOf()).toMatchObject({ flagged: false });
    await sendMail(patron); // delivered: this one never comes back
    expect(await bounceOf()).toMatchObject({ flagged: false });
    expect(await bounceOf()).toMatchObject({ flagged: false });
    expect((await flagOf(patron.id)).email_undeliverable_at).toBeNull();

    const third = await bounceOf();

    expect(third).toMatchObject({ kind: 'recorded', flagged: true });
    expect((await flagOf(patron.id)).email_undeliverable_reason).toContain('3 × returned mail 4.4.7');
  });

  it('counts the same bounce read twice once', async () => {
    const patron = await patronWithAddress();
    const envelopes = [await sendMail(patron), await sendMail(patron)];
    for (const envelope of envelopes) await returned(deliveredTo(envelope, 'lhost-outlook-07'));
    await returned(deliveredTo(envelopes[1]!, 'lhost-outlook-07'));

    const rows = await database.db.selectFrom('mail_bounces').select('severity').execute();
    expect(rows).toHaveLength(2);
    expect((await flagOf(patron.id)).email_undeliverable_at).toBeNull();
  });

  it.each([
    ['rfc3834-01', 'auto-reply'],
    ['rfc3834-02', 'auto-reply'],
    ['lhost-gmail-06', 'delay'],
    ['lhost-sendmail-29', 'delay'],
    ['is-not-bounce-01', 'other'],
  ])('ignores %s (%s) and changes nothing', async (name, reason) => {
    const patron = await patronWithAddress();
    const envelope = await sendMail(patron);

    const outcome = await returned(deliveredTo(envelope, name));

    expect(outcome).toEqual({ kind: 'ignored', reason });
    expect(describeOutcome(outcome).exitCode).toBe(0);
    expect(await database.db.selectFrom('mail_bounces').selectAll().execute()).toEqual([]);
    expect((await flagOf(patron.id)).email_undeliverable_at).toBeNull();
  });

  it('records nothing, with a warning and exit 0, for a bounce naming no message it sent or a forged tag', async () => {
    const patron = await patronWithAddress();
    await sendMail(patron);

    for (const to of [BOUNCE_ADDRESS, `bounce+${randomUUID()}@library.example.jp`]) {
      const outcome = await returned(deliveredTo(to, 'lhost-gmail-01'));
      expect(outcome).toMatchObject({ kind: 'unknown-message', failed: { severity: 'hard' } });
      const said = describeOutcome(outcome);
      expect(said.exitCode).toBe(0);
      expect(said.warning).toMatch(/no message/);
    }
    expect((await flagOf(patron.id)).email_undeliverable_at).toBeNull();
  });

  it('answers 2 for input that is not a mail', async () => {
    const run = await runAdminCommand('bounce', [], { database, config, clock, stdin: 'hello\n' });
    expect(run).toEqual({ exitCode: 2, out: [], err: 'bounce: the input is not a mail (no mail headers)\n' });
    for (const raw of [
      Buffer.from(''),
      Buffer.from('just a line of text\n'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ]) {
      const outcome = await returned(raw);
      expect(outcome).toEqual({ kind: 'not-mail' });
      expect(describeOutcome(outcome).exitCode).toBe(2);
    }
  });
});
