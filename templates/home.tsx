import type { PageContext } from './page-context.ts';

/** The search box that opens the catalog; a plain GET form. */
export function SearchBox({ pageContext, query = '' }: { pageContext: PageContext; query?: string }) {
  const { t } = pageContext;
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

export function HomePage({ pageContext, records }: { pageContext: PageContext; records: number }) {
  const { t } = pageContext;
  return (
    <>
      <h1>{pageContext.libraryName}</h1>
      <p class="lead">{t('home.lead')}</p>
      <SearchBox pageContext={pageContext} />
      <p>{t('home.needs')}</p>
      <ul class="home-links">
        <li>
          <a href="/register">{t('login.registerLink')}</a>
        </li>
        <li>
          <a href="/guide">{t('guide.homeLink')}</a>
        </li>
      </ul>
      <p class="small">{t('home.stats', { records: records.toLocaleString(pageContext.locale === 'ja' ? 'ja-JP' : 'en-US') })}</p>
    </>
  );
}
