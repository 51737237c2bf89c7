import type { PageContext } from './page-context.ts';

/** A page for a missing page, a refused request or a failure: never a stack trace. */
export function ErrorPage({
  pageContext,
  title,
  body,
  reference,
}: {
  pageContext: PageContext;
  title: string;
  body: string;
  reference?: string;
}) {
  return (
    <section class="error-page">
      <h1>{title}</h1>
      <p>{body}</p>
      {reference ? <p class="small">{pageContext.t('error.reference', { id: reference })}</p> : null}
      <p>
        <a href="/">{pageContext.t('error.home')}</a>
      </p>
    </section>
  );
}

interface Wording {
  lang: string;
  title: string;
  body: string;
  home: string;
}

/**
 * A whole page in two languages, for the one failure answered before a request is read (its headers were
 * too large): there is no locale, cookie or asset manifest yet, so no Layout and no stylesheet.
 */
export function BilingualErrorPage({ wordings }: { wordings: Wording[] }) {
  return (
    <html lang={wordings[0]?.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{wordings.map((w) => w.title).join(' / ')}</title>
      </head>
      <body>
        {wordings.map((w) => (
          <section class="error-page" lang={w.lang}>
            <h1>{w.title}</h1>
            <p>{w.body}</p>
            <p>
              <a href="/">{w.home}</a>
            </p>
          </section>
        ))}
      </body>
    </html>
  );
}
