import { passwordRules } from '../src/auth/auth.forms.ts';
import type { Localized } from '../src/config.ts';
import type { GuideFacts } from '../src/guide/guide.rules.ts';
import type { MessageKey } from '../src/i18n/index.ts';
import type { PageContext } from './page-context.ts';
import { CategoryTerms } from './parts/category-terms.tsx';
import { patternText } from './parts/stop-pattern.ts';
import type { StopPattern } from '../src/calendar/bookmobile.rules.ts';
import type { CalendarDate } from '../src/db/schema.ts';
import { formatCalendarDate } from '../src/i18n/format.ts';

/** A 「BM」 station's timetable as the guide states it. */
export interface StationTimes {
  name: Localized;
  pattern: StopPattern | null;
  nextStops: CalendarDate[];
}

/**
 * 「Webサービスについて」: the original service page's guide, with every
 * number taken from the settings and every button named by the label the
 * service really shows.
 */
export function GuidePage({ pageContext, facts, stations }: { pageContext: PageContext; facts: GuideFacts; stations: StationTimes[] }) {
  const { t } = pageContext;
  return (
    <article class="guide">
      <h1>{t('guide.title')}</h1>
      <p>{t('guide.lead', { library: pageContext.libraryName })}</p>
      <ul>
        <li>
          <a href="/register">{t('register.title')}</a>: {t('guide.offer.register')}
        </li>
        <li>
          <a href="/search">{t('nav.search')}</a>: {t('guide.offer.search')}
        </li>
        <li>
          <a href="/account">{t('nav.account')}</a>: {t('guide.offer.account')}
        </li>
      </ul>
      <Needs pageContext={pageContext} facts={facts} />
      <Reserving pageContext={pageContext} facts={facts} />
      <PickingUp pageContext={pageContext} facts={facts} />
      <Bookmobile pageContext={pageContext} facts={facts} stations={stations} />
      <h2>{t('guide.change.heading')}</h2>
      <p>{t('guide.change.body', { account: t('nav.account'), waiting: t('holds.waiting.heading'), ready: t('holds.ready.heading') })}</p>
      <h2>{t('guide.renew.heading')}</h2>
      <p>
        {t('guide.renew.body', {
          account: t('nav.account'),
          loanDays: facts.loanDays,
          maxRenewals: facts.maxRenewals,
          renewalDays: facts.renewalDays,
        })}
      </p>
      <p>{t('guide.renew.refused')}</p>
      <Categories pageContext={pageContext} facts={facts} />
      <ClosedDays pageContext={pageContext} facts={facts} />
      <Mail pageContext={pageContext} facts={facts} />
      <h2>{t('guide.password.heading')}</h2>
      <p>{t('guide.password.body', { account: t('nav.account') })}</p>
    </article>
  );
}

function Needs({ pageContext, facts }: { pageContext: PageContext; facts: GuideFacts }) {
  const { t } = pageContext;
  return (
    <>
      <h2>{t('guide.needs.heading')}</h2>
      <p>{t('guide.needs.lead')}</p>
      <ul>
        <li>{t('guide.needs.card', { hint: t('login.cardNumberHint') })}</li>
        <li>{t('guide.needs.password', { rules: passwordRules(t, facts.password) })}</li>
      </ul>
      <p>
        {t('guide.needs.birthDate')} <a href="/register">{t('register.title')}</a>
      </p>
      <p>{t('guide.needs.lockout', facts.lockout)}</p>
    </>
  );
}

function Reserving({ pageContext, facts }: { pageContext: PageContext; facts: GuideFacts }) {
  const { t } = pageContext;
  const contacts = [t('contact.phone'), t('contact.none'), t('contact.email')].join(' / ');
  const steps = [
    t('guide.step.1', { search: t('nav.search') }),
    t('guide.step.2', { addToCart: t('record.addToCart') }),
    t('guide.step.3', { cart: t('cart.title'), reserve: t('cart.reserve') }),
    t('guide.step.4'),
    t('guide.step.5', { pickup: t('reserve.pickup'), contact: t('reserve.contact'), contacts }),
    t('guide.step.6', { next: t('reserve.next') }),
    t('guide.step.7', { confirm: t('reserve.confirm.submit') }),
    t('guide.step.8', { done: t('reserve.result.done') }),
  ];
  return (
    <>
      <h2>{t('guide.reserve.heading')}</h2>
      <p>{t('guide.reserve.who')}</p>
      <p>{t('guide.reserve.what')}</p>
      <p>{t('guide.reserve.limits', facts.holdLimits)}</p>
      <h3>{t('guide.steps.heading')}</h3>
      <ol class="guide-steps">
        {steps.map((step) => (
          <li>{step}</li>
        ))}
      </ol>
    </>
  );
}

function PickingUp({ pageContext, facts }: { pageContext: PageContext; facts: GuideFacts }) {
  const { t } = pageContext;
  const names = (places: Localized[]) => places.map((name) => name[pageContext.locale]).join(t('guide.listSeparator'));
  return (
    <>
      <h2>{t('guide.pickup.heading')}</h2>
      <p>{t('guide.pickup.body', { days: facts.holdShelfDays })}</p>
      <p>{t('guide.pickup.delay')}</p>
      <ul>
        <li>{t('guide.pickup.libraries', { places: names(facts.libraries) })}</li>
        {facts.bookmobileStations.length > 0 && <li>{t('guide.pickup.bookmobile', { places: names(facts.bookmobileStations) })}</li>}
      </ul>
    </>
  );
}

/** 移動図書館: when the van stops at each station, and how a hold collected there waits for it. */
function Bookmobile({ pageContext, facts, stations }: { pageContext: PageContext; facts: GuideFacts; stations: StationTimes[] }) {
  const { t, locale } = pageContext;
  if (stations.length === 0) return null;
  return (
    <>
      <h3>{t('guide.bookmobile.heading')}</h3>
      <p>{t('guide.bookmobile.rule', { days: facts.holdShelfDays })}</p>
      <ul>
        {stations.map((station) => (
          <li>
            {station.name[locale]}: {station.pattern ? patternText(pageContext, station.pattern) : t('guide.bookmobile.extraOnly')}
            {station.nextStops.length > 0
              ? ` ${t('guide.bookmobile.next', { dates: station.nextStops.map((d) => formatCalendarDate(d, locale)).join(t('guide.listSeparator')) })}`
              : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/** 利用者区分: what each category's patrons may borrow and reserve, when the library has categories. */
function Categories({ pageContext, facts }: { pageContext: PageContext; facts: GuideFacts }) {
  const { t, locale } = pageContext;
  if (facts.categories.length === 0) return null;
  return (
    <>
      <h2>{t('guide.categories.heading')}</h2>
      <p>{t('guide.categories.lead')}</p>
      <dl>
        {facts.categories.map((category) => (
          <>
            <dt>{category.name[locale]}</dt>
            <dd>
              <CategoryTerms pageContext={pageContext} terms={category.terms} />
            </dd>
          </>
        ))}
      </dl>
    </>
  );
}

function ClosedDays({ pageContext, facts }: { pageContext: PageContext; facts: GuideFacts }) {
  const { t } = pageContext;
  const { weekly, holidays } = facts.closedDays;
  const days = weekly.map((day) => t(`admin.calendar.weekday.${day}` as MessageKey)).join(t('guide.listSeparator'));
  return (
    <>
      <h2>{t('guide.closed.heading')}</h2>
      {weekly.length > 0 ? <p>{t('guide.closed.weekly', { days })}</p> : null}
      <p>
        {holidays === 'closed' ? t('guide.closed.holidaysClosed') : t('guide.closed.holidaysOpen')}
        {holidays === 'openNextWeekdayClosed' && weekly.length > 0 ? t('guide.closed.holidayShift') : null}
      </p>
      <p>{t('guide.closed.more')}</p>
    </>
  );
}

function Mail({ pageContext, facts }: { pageContext: PageContext; facts: GuideFacts }) {
  const { t } = pageContext;
  const account = t('nav.account');
  return (
    <>
      <h2>{t('guide.mail.heading')}</h2>
      <p>{t('guide.mail.one')}</p>
      <p>{t('guide.mail.confirm', { registered: t('mail.emailRegistered.subject') })}</p>
      <p>{t('guide.mail.domain', { domain: facts.mailDomain })}</p>
      <p>{t('guide.mail.test', { account, limit: facts.testMailsPerDay })}</p>
      <p>{t('guide.mail.filters')}</p>
      <p>{t('guide.mail.bounce', { account })}</p>
      <h3>{t('guide.push.heading')}</h3>
      <p>
        {t('guide.push.body', { notices: t('notices.title'), button: t('push.button') })} <a href="/account/notices">{t('push.title')}</a>
      </p>
      <p>{t('guide.push.devices')}</p>
    </>
  );
}
