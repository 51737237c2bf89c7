/** /account/notices: which reminder mails the patron gets (SPEC §13). */
import type { ReminderSettings } from '../src/notices/reminders.rules.ts';
import type { NoticeSettings } from '../src/notices/reminders.repo.ts';
import { CsrfField } from './parts/csrf-field.tsx';
import { ErrorSummary, type FormError } from './parts/form.tsx';
import type { PageContext } from './page-context.ts';

export interface NoticesForm {
  settings: NoticeSettings;
  reminders: ReminderSettings;
  saved: boolean;
  errors: FormError[];
}

function Checkbox({ id, checked, label }: { id: string; checked: boolean; label: string }) {
  return (
    <div class="field checkbox">
      <input type="checkbox" id={id} name={id} value="1" checked={checked} />
      <label for={id}>{label}</label>
    </div>
  );
}

export function NoticesPage({ pageContext, form }: { pageContext: PageContext; form: NoticesForm }) {
  const { t } = pageContext;
  const { settings, reminders } = form;
  return (
    <>
      <h1>{t('notices.title')}</h1>
      <ErrorSummary pageContext={pageContext} errors={form.errors} />
      {form.saved ? (
        <p class="notice success" role="status">
          {t('notices.saved')}
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
      <p>
        <a href="/account">{t('accountPassword.back')}</a>
      </p>
    </>
  );
}
