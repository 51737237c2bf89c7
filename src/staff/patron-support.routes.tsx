/**
 * Patron support at the desk (/staff/patrons/:card): status, loans, holds,
 * lockout with 「ロック解除」, mail status with 「テストメール送信」, and
 * cancelling a hold for the patron. Each change is audited.
 */
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { randomBytes } from 'node:crypto';
import {
  type CounterHoldView,
  PatronLookupPage,
  PatronSupportPage,
  type SupportNotice,
  supportNotices,
} from '../../templates/staff-patron.tsx';
import { clearFailedSignIns } from '../auth/sign-in-guard.repo.ts';
import { audit } from '../audit/audit.repo.ts';
import { cancelHoldAtDesk, circulationContext } from '../circulation/circulation.repo.ts';
import { formFields } from '../http/form-fields.ts';
import { searchRecords } from '../catalog/catalog.repo.ts';
import { parseQuery } from '../catalog/catalog.rules.ts';
import { type CounterHoldProblem, placeCounterHold, readCounterHold } from '../holds/counter-hold.ts';
import { contactMethodsFor } from '../holds/holds.rules.ts';
import { render } from '../http/render.tsx';
import { patronMailStatus, queueMail } from '../mail/mail.repo.ts';
import { deviceCount } from '../push/push.repo.ts';
import { parseCardNumber } from '../patrons/patron.rules.ts';
import { circulationTerms, patronCategory } from '../patrons/patron-category.rules.ts';
import { placeNames } from '../places/place-names.ts';
import { currentStaff, type StaffEnv } from './staff.auth.ts';
import { pathPatron } from '../patrons/path-patron.ts';
import { patronOverview, type PatronOverview } from '../patrons/patron-overview.repo.ts';

type StaffContext = Context<StaffEnv>;

function done(c: StaffContext, patron: PatronOverview, notice: SupportNotice) {
  return c.redirect(`/staff/patrons/${patron.cardNumber}?done=${notice}`, 303);
}

function counterHoldError({ field, problem }: CounterHoldProblem) {
  return { field, key: `support.counterHold.${problem}` as const };
}

const COUNTER_HOLD_HITS = 10;

/** A fresh counter-hold form (its own key), with the records the search `q` finds (no search for an absent or empty q). */
async function counterHold(c: StaffContext, q: string | undefined): Promise<CounterHoldView> {
  const view: CounterHoldView = { key: randomBytes(16).toString('hex'), search: null, errors: [], result: null };
  const parsed = parseQuery(q ?? '');
  if (q === undefined || parsed.kind !== 'terms') return view;
  const options = { terms: parsed.terms, type: null, available: false, sort: 'relevance' as const, limit: COUNTER_HOLD_HITS, offset: 0 };
  const { hits } = await searchRecords(c.var.deps.db, options);
  return { ...view, search: { q: q.trim(), hits: hits.map((hit) => ({ id: hit.id, title: hit.title, author: hit.author })) } };
}

function patronEmailState(patron: PatronOverview) {
  return { email: patron.email, confirmed: patron.emailConfirmed, undeliverable: patron.emailUndeliverable };
}

async function renderSupport(c: StaffContext, patron: PatronOverview, counterHold: CounterHoldView, status: 200 | 422 = 200) {
  const { db, clock, config } = c.var.deps;
  const [mail, pushDevices] = await Promise.all([patronMailStatus(db, patron.id), deviceCount(db, patron.id)]);
  const notice = supportNotices.find((n) => n === c.req.query('done')) ?? null;
  const contacts = contactMethodsFor(patronEmailState(patron));
  return render(c, {
    title: c.var.t('support.title', { name: patron.name }),
    status,
    page: (pageContext) => (
      <PatronSupportPage
        pageContext={pageContext}
        staff={currentStaff(c)}
        patron={patron}
        mail={mail}
        pushDevices={pushDevices}
        notice={notice}
        places={placeNames(c)}
        now={clock.now()}
        timeZone={config.rules.timeZone}
        counterHold={{ ...counterHold, contacts }}
        terms={{
          category: patronCategory(config.rules, patron.category)?.name[c.var.locale] ?? null,
          terms: circulationTerms(config.rules, patron.category),
        }}
      />
    ),
  });
}

function staffContext(c: StaffContext) {
  const { db, config, clock } = c.var.deps;
  return circulationContext(db, config, clock.now(), currentStaff(c).id);
}

export const patronSupportRoutes = new Hono<StaffEnv>()
  .get('/', async (c) => {
    const input = c.req.query('card');
    if (input === undefined)
      return render(c, {
        title: c.var.t('support.lookup.title'),
        page: (pageContext) => <PatronLookupPage pageContext={pageContext} staff={currentStaff(c)} card="" errors={[]} />,
      });
    const card = parseCardNumber(input, c.var.deps.config.rules.cardNumberPattern);
    const found = card.ok ? await patronOverview(c.var.deps.db, card.cardNumber) : null;
    if (found) return c.redirect(`/staff/patrons/${found.cardNumber}`, 303);
    const errors = [{ field: 'card_number', key: card.ok ? ('desk.card.unknown' as const) : (`desk.card.${card.reason}` as const) }];
    return render(c, {
      title: c.var.t('support.lookup.title'),
      status: 422,
      page: (pageContext) => (
        <PatronLookupPage pageContext={pageContext} staff={currentStaff(c)} card={input.slice(0, 40)} errors={errors} />
      ),
    });
  })
  .get('/:card', async (c) => renderSupport(c, await pathPatron(c), await counterHold(c, c.req.query('q'))))
  .post('/:card/holds', async (c) => {
    const patron = await pathPatron(c);
    const form = await formFields(c, ['record_id', 'pickup', 'contact', 'key', 'q']);
    const view = await counterHold(c, form.q);
    const pickupCodes = c.var.deps.config.rules.pickupPlaces.map((p) => p.code);
    const read = readCounterHold(form, pickupCodes, contactMethodsFor(patronEmailState(patron)));
    if (!read.ok) return renderSupport(c, patron, { ...view, errors: read.problems.map(counterHoldError) }, 422);
    const { db, config, clock } = c.var.deps;
    const at = { patronId: patron.id, staffId: currentStaff(c).id, sessionId: c.var.session!.id, clock, rules: config.rules };
    const outcome = await placeCounterHold(db, at, read.request);
    if (outcome.kind === 'refused')
      return renderSupport(c, patron, { ...view, errors: [counterHoldError({ field: 'record_id', problem: outcome.problem })] }, 422);
    return renderSupport(c, await pathPatron(c), { ...view, result: outcome.item }, outcome.item?.outcome === 'placed' ? 200 : 422);
  })
  .post('/:card/unlock', async (c) => {
    const patron = await pathPatron(c);
    const { db } = c.var.deps;
    const ctx = await staffContext(c);
    await db.transaction().execute(async (tx) => {
      await clearFailedSignIns(tx, { realm: 'patron', name: patron.cardNumber });
      await audit(tx, ctx, { action: 'patron-unlocked', patronId: patron.id });
    });
    return done(c, patron, 'unlocked');
  })
  .post('/:card/test-mail', async (c) => {
    const patron = await pathPatron(c);
    if (!patron.email || !patron.emailConfirmed) return done(c, patron, 'noEmail');
    const to = patron.email;
    const { db, config } = c.var.deps;
    const ctx = await staffContext(c);
    await db.transaction().execute(async (tx) => {
      await queueMail(
        tx,
        { to, patronId: patron.id, locale: patron.locale, content: { template: 'test', data: {} } },
        { now: ctx.now, mailFrom: config.mailFrom },
      );
      await audit(tx, ctx, { action: 'test-mail', patronId: patron.id, details: { to } });
    });
    return done(c, patron, 'testMailQueued');
  })
  .post('/:card/holds/:holdId/cancel', async (c) => {
    const patron = await pathPatron(c);
    const raw = c.req.param('holdId');
    if (!/^\d{1,9}$/.test(raw)) throw new HTTPException(404);
    const cancelled = await cancelHoldAtDesk(c.var.deps.db, await staffContext(c), { holdId: Number(raw), patronId: patron.id });
    return done(c, patron, cancelled ? 'holdCancelled' : 'holdNotActive');
  });
