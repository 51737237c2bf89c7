import type { Shell } from './shell.ts';

/** The search box that opens the catalog; a plain GET form. */
export function SearchBox({ shell, query = '' }: { shell: Shell; query?: string }) {
  const { t } = shell;
  return (
    <form method="get" action="/search" role="search" class="search-box">
      <label for="q">{t('home.searchLabel')}</label>
      <div class="search-row">
        <input type="search" id="q" name="q" value={query} maxlength={200} autocomplete="off" enterkeyhint="search" />
        <button type="submit">{t('home.searchButton')}</button>
      </div>
      <p class="hint" id="q-hint">
        {t('home.hint')}
      </p>
    </form>
  );
}

export function HomePage({ shell, records }: { shell: Shell; records: number }) {
  const { t } = shell;
  return (
    <>
      <h1>{shell.libraryName}</h1>
      <p class="lead">{t('home.lead')}</p>
      <SearchBox shell={shell} />
      <p>{t('home.needs')}</p>
      <ul class="home-links">
        <li>
          <a href="/register">{t('login.registerLink')}</a>
        </li>
        <li>
          <a href="/guide">{t('guide.homeLink')}</a>
        </li>
      </ul>
      <p class="small">{t('home.stats', { records: records.toLocaleString(shell.locale === 'ja' ? 'ja-JP' : 'en-US') })}</p>
    </>
  );
}
