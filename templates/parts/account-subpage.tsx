/**
 * The account's own pages (reading record, favourites, alerts, calendar
 * feed) share one shape: a heading, a section that is also the htmx answer,
 * and the way back to the account page. These pieces keep that shape in one
 * place: the page around the section, the section's notice and errors, and
 * the htmx answer with its announcement.
 */
import type { Child } from 'hono/jsx';
import type { MessageKey } from '../../src/i18n/index.ts';
import { Announcement } from './announce.tsx';
import { ErrorSummary, type FormError } from './form.tsx';
import type { PageContext } from '../page-context.ts';

export function AccountSubpage(props: { pageContext: PageContext; title: string; back?: string; children: Child }) {
  const { t } = props.pageContext;
  return (
    <>
      <h1>{props.title}</h1>
      {props.children}
      <p>
        <a href="/account">{props.back ?? t('accountPassword.back')}</a>
      </p>
    </>
  );
}

/** What the section says first: the change just made, or the form's mistakes. */
export function SectionNotices({ pageContext, notice, errors }: { pageContext: PageContext; notice: string | null; errors: FormError[] }) {
  return (
    <>
      {notice ? (
        <p class="notice success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorSummary pageContext={pageContext} errors={errors} />
    </>
  );
}

/** The sentence an htmx answer announces: the notice, else the mistakes. */
export function said(pageContext: PageContext, notice: MessageKey | null, errors: FormError[]): string {
  const { t } = pageContext;
  return notice ? t(notice) : errors.map((e) => t(e.key, e.params)).join(' ');
}

/** The section as an htmx answer, with the announcement of what happened (none when nothing was said). */
export function SectionAnswer({ message, children }: { message: string; children: Child }) {
  return (
    <>
      {children}
      {message ? <Announcement message={message} /> : null}
    </>
  );
}
