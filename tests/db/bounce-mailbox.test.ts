/**
 * The worker's poll of BOUNCE_IMAP_URL with imapflow against a real IMAP
 * server over TCP (hoodiecrow-imap: a scriptable IMAP4rev1 server in Node;
 * Debian's dovecot would need its own service setup in CI), on PGlite and
 * PostgreSQL: each unseen mail is read once, recorded, and marked seen.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:net';
import hoodiecrow from 'hoodiecrow-imap';
import { ImapFlow } from 'imapflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { imapOptions, pollBounceMailbox } from '../../src/mail/bounce.mailbox.ts';
import { queueMail } from '../../src/mail/mail.repo.ts';
import { verpAddress } from '../../src/mail/verp.ts';
import { testConfig } from '../support/app.ts';
import { TestClock } from '../support/clock.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addPatron } from '../support/fixtures.ts';
import { freePort } from '../support/smtp.ts';

const BOUNCE_ADDRESS = 'bounce@library.example.jp';

function sample(name: string): string {
  return readFileSync(new URL(`../fixtures/bounces/${name}.eml`, import.meta.url), 'utf8');
}

describe('BOUNCE_IMAP_URL', () => {
  it('names the host, port, TLS, account and mailbox', () => {
    expect(imapOptions('imaps://bounce%40lib.example.jp:p%40ss@imap.example.jp/Returned%20mail')).toEqual({
      host: 'imap.example.jp',
      port: 993,
      secure: true,
      user: 'bounce@lib.example.jp',
      pass: 'p@ss',
      mailbox: 'Returned mail',
    });
    expect(imapOptions('imap://u:p@127.0.0.1:1143')).toMatchObject({ port: 1143, secure: false, mailbox: 'INBOX' });
  });
});

describe.each(databaseKinds)('the bounce mailbox on %s', (kind) => {
  let database: AppDatabase;
  let clock: TestClock;
  let config: Config & { bounceImapUrl: string };
  let server: Server | undefined;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    clock = new TestClock();
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    await database.close();
  });

  async function startMailbox(messages: { raw: string; flags?: string[] }[]) {
    const port = await freePort();
    server = hoodiecrow({
      plugins: ['UIDPLUS', 'ENABLE', 'ID'],
      users: { bounce: { password: 'secret' } },
      storage: { INBOX: { messages } },
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
    config = { ...testConfig({ bounceAddress: BOUNCE_ADDRESS }), bounceImapUrl: `imap://bounce:secret@127.0.0.1:${port}/INBOX` };
  }

  async function unseenCount(): Promise<number> {
    const options = imapOptions(config.bounceImapUrl);
    const client = new ImapFlow({ ...options, auth: { user: options.user, pass: options.pass }, logger: false });
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    const unseen = (await client.search({ seen: false }, { uid: true })) || [];
    lock.release();
    await client.logout();
    return unseen.length;
  }

  it('reads each unseen returned mail once, records it and marks it seen', async () => {
    const patronId = await addPatron(database.db, { email: 'hanako@example.jp', email_confirmed_at: clock.now() });
    const mail = await queueMail(
      database.db,
      { to: 'hanako@example.jp', patronId, content: { template: 'test', data: {} } },
      { now: clock.now(), mailFrom: 'no-reply@library.example.jp' },
    );
    const delivered = (name: string) => `Delivered-To: ${verpAddress(BOUNCE_ADDRESS, mail.messageId)}\r\n${sample(name)}`;
    await startMailbox([
      { raw: delivered('lhost-gmail-01') },
      { raw: delivered('rfc3834-02') },
      { raw: delivered('lhost-outlook-02'), flags: ['\\Seen'] },
      { raw: 'not a mail at all\r\n' },
    ]);

    expect(await pollBounceMailbox(database.db, config, () => clock.now())).toEqual({ read: 3, unreadable: 1 });

    const patron = await database.db
      .selectFrom('patrons')
      .select('email_undeliverable_reason')
      .where('id', '=', patronId)
      .executeTakeFirstOrThrow();
    expect(patron.email_undeliverable_reason).toContain('5.1.1');
    const bounces = await database.db.selectFrom('mail_bounces').select(['outbox_id', 'severity']).execute();
    expect(bounces).toEqual([{ outbox_id: mail.id, severity: 'hard' }]);
    expect(await unseenCount()).toBe(0);
    expect(await pollBounceMailbox(database.db, config, () => clock.now())).toEqual({ read: 0, unreadable: 0 });
  });
});
