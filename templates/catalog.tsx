/** The search page (its results are also the htmx fragment) and the record detail. */
import type { CopyDetail, RecordDetail, SearchHit } from '../src/catalog/catalog.repo.ts';
import {
  MAX_PAGE,
  MAX_QUERY_LENGTH,
  type NotReservableReason,
  type Reservability,
  type SearchParams,
  searchSorts,
  searchUrl,
  type ShelfState,
  titleWithIssue,
} from '../src/catalog/catalog.rules.ts';
import type { Material } from '../src/db/schema.ts';
import { formatCalendarDate } from '../src/i18n/format.ts';
import { AddFavouriteForm } from './favourites.tsx';
import { CsrfField } from './parts/csrf-field.tsx';
import type { PageContext } from './page-context.ts';

export type SearchOutcome =
  | { kind: 'empty' }
  | { kind: 'tooLong'; length: number }
  | { kind: 'results'; total: number; moreThanTotal: boolean; hits: SearchHit[]; perPage: number };

const RESULTS_ID = 'search-results';

function materialLabel(pageContext: PageContext, material: Material, avFormat: 'cd' | 'dvd' | null): string {
  if (material === 'av' && avFormat) return pageContext.t(`material.av.${avFormat}`);
  return pageContext.t(`material.${material}`);
}

export function SearchPage({ pageContext, params, outcome }: { pageContext: PageContext; params: SearchParams; outcome: SearchOutcome }) {
  const { t } = pageContext;
  return (
    <>
      <h1>{t('search.title')}</h1>
      <form method="get" action="/search" role="search" class="search-box" hx-get="/search" hx-target={`#${RESULTS_ID}`} hx-push-url="true">
        <label for="q">{t('home.searchLabel')}</label>
        <div class="search-row">
          <input
            type="search"
            id="q"
            name="q"
            value={params.q}
            maxlength={MAX_QUERY_LENGTH}
            autocomplete="off"
            enterkeyhint="search"
            aria-describedby="q-hint"
          />
          <button type="submit">{t('home.searchButton')}</button>
        </div>
        <p class="hint" id="q-hint">
          {t('home.hint')}
        </p>
        <div class="search-options">
          <div class="field">
            <label for="type">{t('search.type')}</label>
            <select id="type" name="type">
              <option value="">{t('search.typeAll')}</option>
              {(['book', 'magazine', 'av'] as const).map((m) => (
                <option value={m} selected={params.type === m}>
                  {t(`material.${m}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="sort">{t('search.sort')}</label>
            <select id="sort" name="sort">
              {searchSorts.map((s) => (
                <option value={s} selected={params.sort === s}>
                  {t(`search.sort.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field checkbox">
            <input type="checkbox" id="available" name="available" value="1" checked={params.available} />
            <label for="available">{t('search.available')}</label>
          </div>
        </div>
      </form>
      <SearchResults pageContext={pageContext} params={params} outcome={outcome} />
    </>
  );
}

/** The results region: the part htmx swaps. */
export function SearchResults({
  pageContext,
  params,
  outcome,
}: {
  pageContext: PageContext;
  params: SearchParams;
  outcome: SearchOutcome;
}) {
  const { t } = pageContext;
  return (
    <section id={RESULTS_ID} aria-labelledby="results-heading">
      <h2 id="results-heading" class="visually-hidden">
        {t('search.results')}
      </h2>
      {outcome.kind === 'empty' ? <p>{t('search.empty')}</p> : null}
      {outcome.kind === 'tooLong' ? (
        <p class="field-error" role="alert">
          {t('search.tooLong', { length: outcome.length, max: MAX_QUERY_LENGTH })}
        </p>
      ) : null}
      {outcome.kind === 'results' ? <ResultList pageContext={pageContext} params={params} outcome={outcome} /> : null}
    </section>
  );
}

function ResultList({
  pageContext,
  params,
  outcome,
}: {
  pageContext: PageContext;
  params: SearchParams;
  outcome: Extract<SearchOutcome, { kind: 'results' }>;
}) {
  const { t } = pageContext;
  if (outcome.total === 0) return <p role="status">{t('search.none')}</p>;
  const from = (params.page - 1) * outcome.perPage + 1;
  const to = from + outcome.hits.length - 1;
  // An exact count can pass the pages anyone may open; the pager stops at the last of those.
  const pages = Math.min(Math.ceil(outcome.total / outcome.perPage), MAX_PAGE);
  return (
    <>
      <p role="status">
        {t(outcome.moreThanTotal ? 'search.totalMoreThan' : 'search.total', {
          total: outcome.total.toLocaleString(),
          from: Math.min(from, outcome.total),
          to: Math.max(to, 0),
        })}
      </p>
      <ol class="results" start={from}>
        {outcome.hits.map((hit) => (
          <li>
            <a href={`/records/${hit.id}?${new URLSearchParams({ back: searchUrl(params, params.page) })}`} class="result">
              <span class="result-title">{titleWithIssue(hit.title, hit.issueLabel)}</span>
              <span class="result-details small">
                {[materialLabel(pageContext, hit.material, hit.avFormat), hit.author, hit.publisher, hit.pubYear ?? '']
                  .filter((part) => part !== '')
                  .join(' / ')}
              </span>
              <span class={shelfClasses[hit.shelf]}>{t(`shelf.${hit.shelf}`)}</span>
            </a>
          </li>
        ))}
      </ol>
      {pages > 1 ? (
        <nav aria-label={t('search.pager')} class="pager">
          {params.page > 1 ? <PagerLink href={searchUrl(params, params.page - 1)} label={t('search.previous')} /> : null}
          <span>{t('search.pageOf', { page: params.page, pages })}</span>
          {params.page < pages ? <PagerLink href={searchUrl(params, params.page + 1)} label={t('search.next')} /> : null}
        </nav>
      ) : null}
    </>
  );
}

const shelfClasses: Record<ShelfState, string> = {
  onShelf: 'status ok',
  onShelfReservable: 'status ok',
  onLoanReservable: 'status',
  notForLoan: 'status muted',
};

function PagerLink({ href, label }: { href: string; label: string }) {
  return (
    <a href={href} hx-get={href} hx-target={`#${RESULTS_ID}`} hx-push-url="true">
      {label}
    </a>
  );
}

const reasonKeys: Record<NotReservableReason, `reservable.${NotReservableReason}`> = {
  alreadyHeld: 'reservable.alreadyHeld',
  onLoanToPatron: 'reservable.onLoanToPatron',
  onShelf: 'reservable.onShelf',
  noLoanableCopy: 'reservable.noLoanableCopy',
};

/** A record's page; `back` is the results page it was opened from, linked at the top. */
export function RecordPage(props: { pageContext: PageContext; record: RecordDetail; reservable: Reservability; back: string | null }) {
  const { pageContext, record, reservable, back } = props;
  const { t } = pageContext;
  return (
    <article class="record">
      {back ? (
        <p>
          <a href={back}>{t('record.backToResults')}</a>
        </p>
      ) : null}
      <h1>{record.title}</h1>
      {record.material === 'magazine' ? (
        <p class="status">{record.latestIssue ? t('record.latestIssue') : t('record.backNumber')}</p>
      ) : null}
      <RecordFields pageContext={pageContext} record={record} />
      <h2>{t('record.copies')}</h2>
      <RecordCopies pageContext={pageContext} copies={record.copies} />
      <h2>{t('record.reserveHeading')}</h2>
      <p>{t('record.holdCount', { count: record.holdCount })}</p>
      <ReserveRecord pageContext={pageContext} recordId={record.id} reservable={reservable} />
      <AddFavouriteForm pageContext={pageContext} recordId={record.id} />
    </article>
  );
}

/** The record's bibliographic fields, those it has, as a description list. */
function RecordFields({ pageContext, record }: { pageContext: PageContext; record: RecordDetail }) {
  const { t } = pageContext;
  const rows: [string, string | number | null][] = [
    [t('record.reading'), record.titleKana],
    [t('record.author'), record.authorKana ? t('common.withAside', { text: record.author, aside: record.authorKana }) : record.author],
    [t('record.publisher'), record.publisher],
    [t('record.year'), record.pubYear],
    [t('record.isbn'), record.isbn],
    [t('record.material'), materialLabel(pageContext, record.material, record.avFormat)],
    [t('record.series'), record.series],
    [t('record.subject'), record.subject],
    [t('record.ndc'), record.ndc],
    [t('record.serial'), record.serialTitle],
    [t('record.issue'), record.issueLabel],
    [t('record.issueDate'), record.issueDate && formatCalendarDate(record.issueDate, pageContext.locale)],
  ];
  return (
    <dl class="record-fields">
      {rows
        .filter(([, value]) => value !== null && value !== '')
        .map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
    </dl>
  );
}

/** Where each copy is and whether it is on the shelf, or a line saying the library has none. */
function RecordCopies({ pageContext, copies }: { pageContext: PageContext; copies: CopyDetail[] }) {
  const { t } = pageContext;
  if (copies.length === 0) return <p>{t('record.noCopies')}</p>;
  return (
    <table class="responsive">
      <thead>
        <tr>
          <th scope="col">{t('record.copy.place')}</th>
          <th scope="col">{t('record.copy.shelfMark')}</th>
          <th scope="col">{t('record.copy.barcode')}</th>
          <th scope="col">{t('record.copy.status')}</th>
        </tr>
      </thead>
      <tbody>
        {copies.map((copy) => (
          <tr>
            <td data-label={t('record.copy.place')}>{pageContext.locale === 'ja' ? copy.placeJa : copy.placeEn}</td>
            <td data-label={t('record.copy.shelfMark')}>{copy.shelfMark === '' ? '—' : copy.shelfMark}</td>
            <td data-label={t('record.copy.barcode')}>{copy.barcode}</td>
            <td data-label={t('record.copy.status')}>
              <span class={copy.status === 'on_shelf' ? 'status ok' : 'status'}>
                {copy.status === 'on_loan' && copy.dueDate
                  ? t('status.on_loan_due', { date: formatCalendarDate(copy.dueDate, pageContext.locale) })
                  : t(`status.${copy.status}`)}
              </span>
              {copy.referenceOnly ? ` (${t('record.referenceOnly')})` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The add-to-cart form, or why the record cannot be reserved. */
function ReserveRecord({ pageContext, recordId, reservable }: { pageContext: PageContext; recordId: number; reservable: Reservability }) {
  const { t } = pageContext;
  if (!reservable.reservable) return <p class="notice">{t(reasonKeys[reservable.reason])}</p>;
  return (
    <form method="post" action="/cart" hx-post="/cart" hx-swap="outerHTML">
      <CsrfField token={pageContext.csrfToken} />
      <input type="hidden" name="record_id" value={String(recordId)} />
      <button type="submit">{t('record.addToCart')}</button>
    </form>
  );
}
