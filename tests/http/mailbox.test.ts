/**
 * Without SMTP_URL, mail is written as .eml files under DATA_DIR/mail and
 * listed on /dev/mailbox, which production mode hides.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadAssets } from '../../src/http/assets.ts';
import { deliverWithConfiguredTransport } from '../../src/mail/mail.delivery.ts';
import { queueMail } from '../../src/mail/mail.repo.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { databaseKinds } from '../support/db.ts';

describe.each(databaseKinds)('development mailbox on %s', (kind) => {
  let context: TestContext;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'library-mail-'));
    context = await createTestContext(kind, { dataDir });
  });
  afterEach(async () => {
    await context.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function queueAndDeliver() {
    const { db, clock, config } = context;
    const queued = await queueMail(
      db,
      {
        to: 'hanako@example.jp',
        content: { template: 'email-confirmation', data: { url: 'http://localhost/account/email/confirm?token=t0k3n' } },
      },
      { now: clock.now(), mailFrom: config.mailFrom },
    );
    expect(await deliverWithConfiguredTransport({ db, clock, config })).toMatchObject({ sent: 1 });
    return queued;
  }

  it('writes the mail as an .eml file named by its Message-ID', async () => {
    const queued = await queueAndDeliver();
    const files = readdirSync(path.join(dataDir, 'mail'));
    expect(files).toEqual([`${queued.messageId.slice(1, -1)}.eml`]);
    const mail = await simpleParser(readFileSync(path.join(dataDir, 'mail', files[0]!)));
    expect(mail.subject).toBe('Eメールアドレスの確認のお願い');
    expect(mail.messageId).toBe(queued.messageId);
    expect(mail.text).toContain('http://localhost/account/email/confirm?token=t0k3n');
  });

  it('lists each mail with its subject, recipient, time and text, and serves its .eml file', async () => {
    const queued = await queueAndDeliver();
    const page = await context.app.request('/dev/mailbox');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('開発用メールボックス');
    expect(html).toContain('<h2 id="mail-1">Eメールアドレスの確認のお願い</h2>');
    expect(html).toContain('hanako@example.jp');
    expect(html).toContain('2026/12/01 10:00');
    expect(html).toContain('送信済み');
    // The one-time link left the outbox with the mail (no raw token is kept); the .eml file is the mail as delivered.
    expect(html).not.toContain('t0k3n');
    expect(html).toContain('一回限りのリンクは送信後に削除しました');
    expect(html).toContain(`href="/dev/mailbox/${queued.id}.eml"`);

    const raw = await context.app.request(`/dev/mailbox/${queued.id}.eml`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(await raw.text()).toContain(`Message-ID: ${queued.messageId}`);
    expect((await context.app.request('/dev/mailbox/999.eml')).status).toBe(404);
  });

  it('is not found in production mode', async () => {
    await queueAndDeliver();
    const production = createApp({
      db: context.db,
      databaseKind: kind,
      config: { ...context.config, production: true },
      clock: context.clock,
      assets: loadAssets(),
    });
    expect((await production.request('/dev/mailbox')).status).toBe(404);
    expect((await production.request('/dev/mailbox/1.eml')).status).toBe(404);
  });
});
