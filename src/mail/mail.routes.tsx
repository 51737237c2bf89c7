/**
 * /dev/mailbox: the outbox as a page, and each .eml file the worker wrote
 * without SMTP_URL. A development aid: not found in production, since it
 * shows every patron's mail.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type MailboxEntry, MailboxPage } from '../../templates/mail.tsx';
import type { OutboxMail } from '../db/schema.ts';
import type { Config, Locale } from '../config.ts';
import type { AppEnv } from '../http/env.ts';
import { render } from '../http/render.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { translator } from '../i18n/index.ts';
import { findMail, recentMails } from './mail.repo.ts';
import { emlFileName } from './mail.rules.ts';
import { mailContentOf, renderMail } from './mail.templates.ts';
import { mailFolder } from './mail.transport.ts';

/** Mails the page shows, newest first. */
const MAILBOX_SIZE = 50;

export const mailRoutes = new Hono<AppEnv>()
  .use('/dev/mailbox/*', async (c, next) => {
    if (c.var.deps.config.production) throw new HTTPException(404);
    await next();
  })
  .get('/dev/mailbox', async (c) => {
    const { config } = c.var.deps;
    const mails = await recentMails(c.var.deps.db, MAILBOX_SIZE);
    const folder = config.smtpUrl ? null : mailFolder(config.dataDir);
    return render(c, {
      title: c.var.t('mailbox.title'),
      page: (pageContext) => (
        <MailboxPage
          pageContext={pageContext}
          mails={mails.map((m) => mailboxEntry(config, c.var.locale, m))}
          folder={folder}
          limit={MAILBOX_SIZE}
        />
      ),
    });
  })
  .get('/dev/mailbox/:file{[0-9]+\\.eml}', async (c) => {
    const { config, db } = c.var.deps;
    const name = c.req.param('file');
    // Nine digits at most, as the other id routes: a larger number is no outbox id, and PostgreSQL would
    // refuse it as an integer (a 500) instead of finding nothing.
    const id = /^\d{1,9}\.eml$/.test(name) ? Number.parseInt(name, 10) : null;
    const mail = config.smtpUrl || id === null ? undefined : await findMail(db, id);
    if (!mail) throw new HTTPException(404);
    const file = await readFile(path.join(mailFolder(config.dataDir), emlFileName(mail.message_id))).catch(() => null);
    if (!file) throw new HTTPException(404);
    // As text, so the browser shows the headers and MIME parts instead of downloading.
    return c.body(file, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
  });

function mailboxEntry(config: Config, locale: Locale, mail: OutboxMail): MailboxEntry {
  // A sent mail's one-time link is gone from the outbox (one-time-links.ts); the .eml file keeps the mail as delivered.
  const content = mailContentOf(mail.template, { url: translator(mail.locale)('mailbox.linkRemoved'), ...mail.data });
  const rendered = content ? renderMail(content, mail.locale, config) : { subject: mail.template, text: '' };
  return {
    id: mail.id,
    to: mail.to_address,
    subject: rendered.subject,
    text: rendered.text,
    queuedAt: formatDateTime(mail.created_at, locale, config.rules.timeZone),
    status: mail.status,
    lastError: mail.last_error,
    rawUrl: !config.smtpUrl && mail.status === 'sent' ? `/dev/mailbox/${mail.id}.eml` : null,
  };
}
