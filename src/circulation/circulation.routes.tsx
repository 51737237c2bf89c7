/** The circulation desk's pages under /staff: checkout, checkin, receive, the hold shelf and the call list. */
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { listOverdueCalls } from '../notices/overdue-calls.repo.ts';
import {
  CallsPage,
  type CallsView,
  CheckinDesk,
  CheckinPage,
  type CheckinResult,
  type CheckinView,
  CheckoutDesk,
  CheckoutPage,
  type CheckoutResult,
  type CheckoutView,
  HoldShelfPage,
} from '../../templates/staff-circulation.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { formFields } from '../http/form-fields.ts';
import { render } from '../http/render.tsx';
import { parseCardNumber } from '../patrons/patron.rules.ts';
import { placeNames } from '../places/place-names.ts';
import { currentStaff, type StaffEnv } from '../staff/staff.auth.ts';
import { patronOverview } from '../patrons/patron-overview.repo.ts';
import { libraryDate } from '../time.ts';
import {
  checkin,
  checkout,
  type CheckoutOutcome,
  circulationContext,
  listCalls,
  listHoldShelf,
  markCalled,
  receiveCopy,
  type ReceiveOutcome,
} from './circulation.repo.ts';
import { type OverrideRequest, parseOverride } from './loan-limits.rules.ts';
import { parseBarcode, patronRefusal } from './circulation.rules.ts';

type StaffContext = Context<StaffEnv>;

/** The place chosen on the form, or the first library counter. */
function deskPlace(c: StaffContext, chosen: string | undefined): string {
  const places = c.var.deps.config.rules.pickupPlaces;
  return places.find((p) => p.code === chosen)?.code ?? places.find((p) => p.kind === 'library')!.code;
}

function staffCirculationContext(c: StaffContext) {
  const { db, config, clock } = c.var.deps;
  return circulationContext(db, config, clock.now(), currentStaff(c).id);
}

function barcodeError(reason: 'empty' | 'format'): FormError {
  return { field: 'barcode', key: `desk.barcode.${reason}` };
}

async function renderCheckout(c: StaffContext, view: CheckoutView, status: 200 | 422 = 200) {
  return render(c, {
    title: c.var.t('desk.checkout.title'),
    status,
    page: (pageContext) => <CheckoutPage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
    fragment: (pageContext) => <CheckoutDesk pageContext={pageContext} view={view} />,
  });
}

async function renderCheckin(c: StaffContext, view: CheckinView, status: 200 | 422 = 200) {
  return render(c, {
    title: c.var.t(view.mode === 'receive' ? 'desk.receive.title' : 'desk.checkin.title'),
    status,
    page: (pageContext) => <CheckinPage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
    fragment: (pageContext) => <CheckinDesk pageContext={pageContext} view={view} />,
  });
}

/** Reads the patron at the desk; the view with the card error when there is none. */
async function deskPatron(c: StaffContext, input: string): Promise<CheckoutView> {
  const view: CheckoutView = {
    cardNumber: input.slice(0, 40),
    patron: null,
    standing: null,
    result: null,
    errors: [],
    places: placeNames(c),
  };
  const card = parseCardNumber(input, c.var.deps.config.rules.cardNumberPattern);
  if (!card.ok) {
    view.errors.push({ field: 'card_number', key: `desk.card.${card.reason}` });
    return view;
  }
  view.patron = await patronOverview(c.var.deps.db, card.cardNumber);
  if (!view.patron) {
    view.errors.push({ field: 'card_number', key: 'desk.card.unknown' });
    return view;
  }
  const today = libraryDate(c.var.deps.clock.now(), c.var.deps.config.rules.timeZone);
  view.standing = patronRefusal({ blockedReason: view.patron.blockedReason, expiresOn: view.patron.expiresOn }, today);
  return view;
}

async function checkinAction(c: StaffContext, mode: CheckinView['mode']) {
  const form = await formFields(c, ['barcode', 'place']);
  const view: CheckinView = { place: deskPlace(c, form.place), result: null, errors: [], places: placeNames(c), mode };
  const parsed = parseBarcode(form.barcode);
  if (!parsed.ok) return renderCheckin(c, { ...view, errors: [barcodeError(parsed.reason)] }, 422);
  const ctx = await staffCirculationContext(c);
  const input = { barcode: parsed.barcode, place: view.place };
  const outcome = mode === 'receive' ? await receiveCopy(c.var.deps.db, ctx, input) : await checkin(c.var.deps.db, ctx, input);
  const result = checkinResult(outcome, parsed.barcode);
  return renderCheckin(c, { ...view, result }, result.kind === 'refused' ? 422 : 200);
}

/** What the checkin page shows of a scan's outcome. */
function checkinResult(outcome: ReceiveOutcome, barcode: string): CheckinResult {
  switch (outcome.kind) {
    case 'ok':
      return { kind: 'ok', title: outcome.title, barcode: outcome.barcode, event: outcome.event, destination: outcome.destination };
    case 'wrongPlace':
      return outcome;
    case 'unknownCopy':
      return { kind: 'refused', reason: 'unknownCopy', barcode, title: null };
    default:
      return { kind: 'refused', reason: outcome.kind, barcode, title: outcome.title };
  }
}

/** What the checkout page shows of a scan's outcome (the patron is known by then). */
function checkoutResult(outcome: CheckoutOutcome, barcode: string): CheckoutResult {
  switch (outcome.kind) {
    case 'ok':
      return { kind: 'ok', title: outcome.title, dueDate: outcome.dueDate, fulfilledHold: outcome.fulfilledHoldId !== null };
    case 'refused':
      return { kind: 'refused', reason: outcome.reason, title: outcome.title, barcode, overridable: outcome.overridable };
    default:
      return { kind: 'refused', reason: 'unknownCopy', title: null, barcode, overridable: false };
  }
}

/** The override's form error, shown only beside a refusal the override could have lifted. */
function overrideErrors(override: OverrideRequest, result: CheckoutResult): FormError[] {
  if (override.kind !== 'invalid' || result.kind !== 'refused' || !result.overridable) return [];
  return [{ field: 'override_reason', key: `desk.override.${override.problem}` }];
}

export const circulationRoutes = new Hono<StaffEnv>()
  .get('/checkout', async (c) => {
    const card = c.req.query('card');
    if (card !== undefined) {
      const view = await deskPatron(c, card);
      return renderCheckout(c, view, view.errors.length > 0 ? 422 : 200);
    }
    return renderCheckout(c, { cardNumber: '', patron: null, standing: null, result: null, errors: [], places: placeNames(c) });
  })
  .post('/checkout', async (c) => {
    const form = await formFields(c, ['card_number', 'barcode', 'override', 'override_reason']);
    const view = await deskPatron(c, form.card_number);
    if (!view.patron) return renderCheckout(c, view, 422);
    // The card step posts no barcode: show the patron and wait for the first scan.
    if (form.barcode === '') return renderCheckout(c, view);
    const parsed = parseBarcode(form.barcode);
    if (!parsed.ok) return renderCheckout(c, { ...view, errors: [barcodeError(parsed.reason)] }, 422);
    const override = parseOverride(form.override, form.override_reason);
    const outcome = await checkout(c.var.deps.db, await staffCirculationContext(c), {
      cardNumber: view.patron.cardNumber,
      barcode: parsed.barcode,
      overrideReason: override.kind === 'ok' ? override.reason : null,
    });
    const result = checkoutResult(outcome, parsed.barcode);
    const after = { ...(await deskPatron(c, view.patron.cardNumber)), result, errors: overrideErrors(override, result) };
    return renderCheckout(c, after, result.kind === 'ok' ? 200 : 422);
  })
  .get('/checkin', (c) =>
    renderCheckin(c, { place: deskPlace(c, c.req.query('place')), result: null, errors: [], places: placeNames(c), mode: 'checkin' }),
  )
  .post('/checkin', (c) => checkinAction(c, 'checkin'))
  .get('/checkin/receive', (c) =>
    renderCheckin(c, { place: deskPlace(c, c.req.query('place')), result: null, errors: [], places: placeNames(c), mode: 'receive' }),
  )
  .post('/checkin/receive', (c) => checkinAction(c, 'receive'))
  .get('/holds/shelf', async (c) => {
    const { db, clock, config } = c.var.deps;
    const holds = await listHoldShelf(db, libraryDate(clock.now(), config.rules.timeZone));
    return render(c, {
      title: c.var.t('desk.shelf.title'),
      page: (pageContext) => <HoldShelfPage pageContext={pageContext} staff={currentStaff(c)} view={{ places: placeNames(c), holds }} />,
    });
  })
  .get('/calls', async (c) => {
    const done = c.req.query('done');
    const { db, clock, config } = c.var.deps;
    const calls = await listCalls(db);
    const view: CallsView = {
      places: placeNames(c),
      calls,
      overdue: await listOverdueCalls(db, libraryDate(clock.now(), config.rules.timeZone)),
      done: done === 'called' || done === 'alreadyCalled' ? done : null,
      timeZone: config.rules.timeZone,
    };
    return render(c, {
      title: c.var.t('desk.calls.title'),
      page: (pageContext) => <CallsPage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
    });
  })
  .post('/calls/:holdId', async (c) => {
    const raw = c.req.param('holdId');
    if (!/^\d{1,9}$/.test(raw)) throw new HTTPException(404);
    const marked = await markCalled(c.var.deps.db, await staffCirculationContext(c), Number(raw));
    return c.redirect(`/staff/calls?done=${marked ? 'called' : 'alreadyCalled'}`, 303);
  });
