/** Patron support at the desk: the card lookup and one patron's record. */
import type { MessageKey } from '../src/i18n/index.ts';
import { formatCalendarDate, formatDateTime } from '../src/i18n/format.ts';
import type { PatronMailStatus } from '../src/mail/mail.repo.ts';
import type { PatronOverview } from '../src/staff/patron-support.repo.ts';
import type { StaffMember } from '../src/staff/staff.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, type FormError } from './parts/form.tsx';
import type { Shell } from './shell.ts';
import { CardField, type PlaceNames, PatronPanel } from './staff-circulation.tsx';
import { StaffPage } from './staff.tsx';

type Staff = Pick<StaffMember, 'username' | 'role'>;

export const supportNotices = ['unlocked', 'testMailQueued', 'noEmail', 'holdCancelled', 'holdNotActive'] as const;
export type SupportNotice = (typeof supportNotices)[number];

export function PatronLookupPage({ shell, staff, card, errors }: { shell: Shell; staff: Staff; card: string; errors: FormError[] }) {
  return (
    <StaffPage shell={shell} staff={staff} title={shell.t('support.lookup.title')}>
      <ErrorSummary shell={shell} errors={errors} />
      <form method="get" action="/staff/patrons" novalidate>
        <CardField shell={shell} value={card} errors={errors} />
        <button type="submit">{shell.t('support.lookup.submit')}</button>
      </form>
    </StaffPage>
  );
}

/** A one-button form posting to the patron's record. */
function ActionButton({ shell, action, label }: { shell: Shell; action: string; label: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={shell.csrfToken} />
      <button type="submit" class="secondary">{label}</button>
    </form>
  );
}

export interface PatronSupportProps {
  shell: Shell;
  staff: Staff;
  patron: PatronOverview;
  mail: PatronMailStatus;
  notice: SupportNotice | null;
  places: PlaceNames;
  now: Date;
  timeZone: string;
}

export function PatronSupportPage({ shell, staff, patron, mail, notice, places, now, timeZone }: PatronSupportProps) {
  const { t, locale } = shell;
  const base = `/staff/patrons/${patron.cardNumber}`;
  const time = (at: Date) => formatDateTime(at, locale, timeZone);
  const locked = patron.lockedUntil !== null && patron.lockedUntil > now;
  return (
    <StaffPage shell={shell} staff={staff} title={t('support.title', { name: patron.name })}>
      {notice ? <p class={notice === 'noEmail' || notice === 'holdNotActive' ? 'notice warning' : 'notice success'} role="status">{t(`support.done.${notice}`)}</p> : null}
      <p><a class="button" href={`/staff/checkout?card=${patron.cardNumber}`}>{t('support.checkout')}</a></p>
      <dl>
        <dt>{t('desk.cardNumber')}</dt><dd>{patron.cardNumber}</dd>
        <dt>{t('support.kana')}</dt><dd>{patron.nameKana}</dd>
        <dt>{t('support.phone')}</dt><dd>{patron.phone || t('support.none')}</dd>
        <dt>{t('support.expires')}</dt><dd>{patron.expiresOn ? formatCalendarDate(patron.expiresOn, locale) : t('support.none')}</dd>
        <dt>{t('support.blocked')}</dt><dd>{patron.blockedReason ?? t('support.none')}</dd>
        <dt>{t('support.password')}</dt><dd>{t(patron.hasPassword ? 'support.password.set' : 'support.password.unset')}</dd>
      </dl>

      <h2>{t('support.lock.heading')}</h2>
      {locked ? (
        <>
          <p class="notice warning">{t('support.lock.locked', { until: time(patron.lockedUntil!) })}</p>
          <ActionButton shell={shell} action={`${base}/unlock`} label={t('support.lock.unlock')} />
        </>
      ) : (
        <p>{t('support.lock.open', { count: patron.failedLogins })}</p>
      )}

      <h2>{t('support.mail.heading')}</h2>
      <dl>
        <dt>{t('support.mail.address')}</dt>
        <dd>{patron.email ? `${patron.email}（${t(patron.emailConfirmed ? 'support.mail.confirmed' : 'support.mail.unconfirmed')}）` : t('support.none')}</dd>
        {mail.undeliverable ? (<><dt>{t('support.mail.undeliverable')}</dt><dd class="field-error">{time(mail.undeliverable.at)}: {mail.undeliverable.reason}</dd></>) : null}
        <dt>{t('support.mail.lastSent')}</dt><dd>{mail.lastSent ? `${time(mail.lastSent.at)} → ${mail.lastSent.to}` : t('support.none')}</dd>
        <dt>{t('support.mail.lastFailure')}</dt>
        <dd>{mail.lastFailure ? `${time(mail.lastFailure.at)} → ${mail.lastFailure.to}: ${mail.lastFailure.reason}` : t('support.none')}</dd>
        <dt>{t('support.mail.waiting')}</dt><dd>{mail.waiting}</dd>
      </dl>
      {patron.email && patron.emailConfirmed ? <ActionButton shell={shell} action={`${base}/test-mail`} label={t('support.mail.test')} /> : null}

      <PatronPanel shell={shell} patron={patron} standing={null} places={places} />
      {patron.holds.length > 0 ? (
        <>
          <h2>{t('support.holds.cancelHeading')}</h2>
          <ul>
            {patron.holds.map((hold) => (
              <li>
                {hold.title}（{t(`support.placedVia.${hold.placedVia}` as MessageKey)}・{time(hold.placedAt)}）{' '}
                <ActionButton shell={shell} action={`${base}/holds/${hold.holdId}/cancel`} label={t('support.holds.cancel', { title: hold.title })} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </StaffPage>
  );
}
