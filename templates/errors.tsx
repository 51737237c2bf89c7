import type { Shell } from './shell.ts';

/** A page for a missing page, a refused request or a failure: never a stack trace. */
export function ErrorPage({ shell, title, body, reference }: { shell: Shell; title: string; body: string; reference?: string }) {
  return (
    <section class="error-page">
      <h1>{title}</h1>
      <p>{body}</p>
      {reference ? <p class="small">{shell.t('error.reference', { id: reference })}</p> : null}
      <p>
        <a href="/">{shell.t('error.home')}</a>
      </p>
    </section>
  );
}
