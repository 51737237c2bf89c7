/** The page an unlock link opens: a button that ends the card's lock, or why the link no longer works. */
import { CsrfField } from './parts/csrf-field.tsx';
import type { PageContext } from './page-context.ts';

/** `action` is the link's own path, when it can still be used; null when it is unknown, used or expired. */
export function UnlockPage({ pageContext, action }: { pageContext: PageContext; action: string | null }) {
  const { t } = pageContext;
  return (
    <>
      <h1>{t('unlock.title')}</h1>
      {action ? (
        <>
          <p>{t('unlock.lead')}</p>
          <form method="post" action={action}>
            <CsrfField token={pageContext.csrfToken} />
            <button type="submit">{t('unlock.submit')}</button>
          </form>
        </>
      ) : (
        <>
          <p class="notice warning" role="alert">
            {t('unlock.unusable')}
          </p>
          <p>
            <a href="/login">{t('unlock.toLogin')}</a>
          </p>
        </>
      )}
    </>
  );
}
