import type { MailStatus } from '../src/db/schema.ts';
import type { PageContext } from './page-context.ts';

/** One mail as the development mailbox shows it. */
export interface MailboxEntry {
  id: number;
  to: string;
  subject: string;
  text: string;
  /** Formatted in the library's time zone. */
  queuedAt: string;
  status: MailStatus;
  lastError: string | null;
  /** The .eml file's address, when the mail was written to the data folder. */
  rawUrl: string | null;
}

/** The mail's text with its line breaks, without a <pre> that would not wrap on a phone. */
function MailText({ text }: { text: string }) {
  return (
    <p>
      {text.split('\n').map((line, i) => (
        <>
          {i > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </p>
  );
}

/** /dev/mailbox: what the outbox holds, newest first, so a newcomer can follow every flow without a mail server. */
export function MailboxPage({
  pageContext,
  mails,
  folder,
  limit,
}: {
  pageContext: PageContext;
  mails: MailboxEntry[];
  folder: string | null;
  limit: number;
}) {
  const { t } = pageContext;
  return (
    <>
      <h1>{t('mailbox.title')}</h1>
      <p class="lead">{folder ? t('mailbox.lead', { folder, count: limit }) : t('mailbox.leadSmtp', { count: limit })}</p>
      {mails.length === 0 ? <p>{t('mailbox.empty')}</p> : null}
      {mails.map((mail) => (
        <article class="mail" aria-labelledby={`mail-${mail.id}`}>
          <h2 id={`mail-${mail.id}`}>{mail.subject}</h2>
          <dl>
            <dt>{t('mailbox.to')}</dt>
            <dd>{mail.to}</dd>
            <dt>{t('mailbox.queuedAt')}</dt>
            <dd>{mail.queuedAt}</dd>
            <dt>{t('mailbox.status')}</dt>
            <dd>{t(`mailbox.status.${mail.status}`)}</dd>
            {mail.lastError ? (
              <>
                <dt>{t('mailbox.lastError')}</dt>
                <dd>{mail.lastError}</dd>
              </>
            ) : null}
          </dl>
          <MailText text={mail.text} />
          {mail.rawUrl ? (
            <p class="small">
              <a href={mail.rawUrl}>{t('mailbox.raw')}</a>
            </p>
          ) : null}
        </article>
      ))}
    </>
  );
}
