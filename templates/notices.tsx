/** /account/notices: which reminder mails the patron gets (SPEC §13) and which devices get push notices (SPEC §14). */
import { formatDateTime } from '../src/i18n/format.ts';
import type { ReminderSettings } from '../src/notices/reminders.rules.ts';
import type { NoticeSettings } from '../src/notices/reminders.repo.ts';
import type { PushDevice } from '../src/push/push.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';

/** What the page says it has just done. */
export type NoticesDone = 'saved' | 'pushSubscribed' | 'pushRemoved';

export interface NoticesForm {
  settings: NoticeSettings;
  reminders: ReminderSettings;
  done: NoticesDone | null;
  errors: FormError[];
}

export interface PushSection {
  /** The VAPID public key browsers subscribe with. */
  vapidKey: string;
  devices: PushDevice[];
  timeZone: string;
}

const DONE_MESSAGES = { saved: 'notices.saved', pushSubscribed: 'push.subscribed', pushRemoved: 'push.removed' } as const;

function Checkbox({ id, checked, label }: { id: string; checked: boolean; label: string }) {
  return (
    <div class="field checkbox">
      <input type="checkbox" id={id} name={id} value="1" checked={checked} />
      <label for={id}>{label}</label>
    </div>
  );
}

/**
 * 「この端末に通知する」: the button's form carries the subscription's fields
 * empty; static/push.js (loaded by this page only) asks for permission when
 * the button is pressed, fills them and submits. The button shows only
 * once the script runs; until then the status line says it needs JavaScript.
 */
function PushDevices({ pageContext, push }: { pageContext: PageContext; push: PushSection }) {
  const { t, locale } = pageContext;
  return (
    <section id="push" aria-labelledby="push-title" tabindex={-1}>
      <h2 id="push-title">{t('push.title')}</h2>
      <p>{t('push.intro')}</p>
      <form method="post" action="/account/push" id="push-form" data-vapid-key={push.vapidKey}>
        <CsrfField token={pageContext.csrfToken} />
        <input type="hidden" name="endpoint" value="" />
        <input type="hidden" name="p256dh" value="" />
        <input type="hidden" name="auth" value="" />
        <button type="submit" id="push-button" hidden>
          {t('push.button')}
        </button>
        <p
          id="push-status"
          role="status"
          data-unsupported={t('push.unsupported')}
          data-ios={t('push.iosHomeScreen')}
          data-denied={t('push.denied')}
          data-failed={t('push.failed')}
          data-working={t('push.working')}
        >
          {t('push.needsScript')}
        </p>
      </form>
      <h3>{t('push.devices')}</h3>
      {push.devices.length === 0 ? (
        <p>{t('push.noDevices')}</p>
      ) : (
        <ul class="push-devices">
          {push.devices.map((device) => (
            <li>
              <form method="post" action="/account/push/delete">
                <CsrfField token={pageContext.csrfToken} />
                <input type="hidden" name="endpoint" value={device.endpoint} />
                {t('push.device', { browser: device.browser, date: formatDateTime(device.createdAt, locale, push.timeZone) })}{' '}
                <button
                  type="submit"
                  class="secondary"
                  aria-label={t('push.removeLabel', {
                    browser: device.browser,
                    date: formatDateTime(device.createdAt, locale, push.timeZone),
                  })}
                >
                  {t('push.remove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <script src={pageContext.asset('push.js')} defer />
    </section>
  );
}

export function NoticesPage({ pageContext, form, push }: { pageContext: PageContext; form: NoticesForm; push: PushSection }) {
  const { t } = pageContext;
  const { settings, reminders } = form;
  return (
    <>
      <h1>{t('notices.title')}</h1>
      <ErrorSummary pageContext={pageContext} errors={form.errors} />
      {form.done ? (
        <p class="notice success" role="status">
          {t(DONE_MESSAGES[form.done])}
        </p>
      ) : null}
      {settings.reachable === 'yes' ? null : (
        <p class="notice warning">
          {t(settings.reachable === 'noAddress' ? 'notices.noAddress' : 'notices.undeliverable')}{' '}
          <a href="/account/email">{t('account.changeEmail')}</a>
        </p>
      )}
      <p>{t('notices.intro')}</p>
      <form method="post" action="/account/notices">
        <CsrfField token={pageContext.csrfToken} />
        <fieldset>
          <legend>{t('notices.title')}</legend>
          <Checkbox
            id="due_soon"
            checked={settings.dueSoon}
            label={reminders.dueSoonDays === 0 ? t('notices.dueSoonSameDay') : t('notices.dueSoon', { days: reminders.dueSoonDays })}
          />
          {reminders.overdueNotices > 0 ? (
            <Checkbox id="overdue" checked={settings.overdue} label={t('notices.overdue', { times: reminders.overdueNotices })} />
          ) : null}
        </fieldset>
        <button type="submit">{t('notices.save')}</button>
      </form>
      <PushDevices pageContext={pageContext} push={push} />
      <p>
        <a href="/account">{t('accountPassword.back')}</a>
      </p>
    </>
  );
}
