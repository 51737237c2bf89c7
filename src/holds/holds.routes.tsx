/**
 * The patron's hold lists and their cancel and change, as full pages and as
 * htmx fragments of the #holds section. Every step checks again that each
 * hold is the patron's and still pending or in transit: a forged request for
 * a ready hold or someone else's changes nothing.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { HoldsFragment, HoldsPage, type HoldsView } from '../../templates/holds.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { choiceFormErrors } from '../../templates/reserve.tsx';
import type { ContactMethod } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import { render } from '../http/render.tsx';
import {
  cancelHolds,
  changeableHolds,
  changeHolds,
  type HoldRow,
  holdLists,
  offeredPickupPlaces,
  patronForReservation,
  setSuspension,
} from './holds.repo.ts';
import {
  changeablePickupPlaces,
  contactMethodsFor,
  type FormValue,
  type IdList,
  parseChoices,
  parseIdList,
  single,
} from './holds.rules.ts';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import { formatCalendarDate } from '../i18n/format.ts';
import { libraryDate } from '../time.ts';
import { parseHoldDate } from './hold-dates.rules.ts';
import { postedForm } from '../http/posted-form.ts';

function show(c: Context<AppEnv>, view: HoldsView, status: 200 | 422 = 200) {
  const timeZone = c.var.deps.config.rules.timeZone;
  return render(c, {
    title: c.var.t('holds.heading'),
    status,
    page: (pageContext) => <HoldsPage pageContext={pageContext} view={view} timeZone={timeZone} />,
    fragment: (pageContext) => <HoldsFragment pageContext={pageContext} view={view} timeZone={timeZone} />,
  });
}

/** The library's date now: a suspension's end and the dates patrons type are days there. */
function today(c: Context<AppEnv>) {
  return libraryDate(c.var.deps.clock.now(), c.var.deps.config.rules.timeZone);
}

async function showLists(c: Context<AppEnv>, patronId: number, outcome: { notice: string } | { error: FormError; until?: string }) {
  const lists = await holdLists(c.var.deps.db, patronId, today(c));
  if ('notice' in outcome) return show(c, { kind: 'lists', lists, notice: outcome.notice, errors: [] });
  return show(c, { kind: 'lists', lists, notice: null, errors: [outcome.error], until: outcome.until }, 422);
}

const listError = (list: IdList): FormError => ({
  field: 'holds-waiting',
  key: !list.ok && list.reason === 'none' ? 'holds.error.none' : 'holds.error.invalid',
});

/** The patron's changeable holds named by the request, or the lists again with what was wrong. */
async function selectedHolds(
  c: Context<AppEnv>,
  patronId: number,
  value: FormValue,
): Promise<{ ids: number[]; holds: HoldRow[] } | Response> {
  const list = parseIdList(value);
  const holds = list.ok ? await changeableHolds(c.var.deps.db, patronId, list.ids, today(c)) : null;
  if (!list.ok || !holds) return showLists(c, patronId, { error: listError(list) });
  return { ids: list.ids, holds };
}

/** The contact methods this patron may choose now. */
async function patronContacts(c: Context<AppEnv>, patronId: number): Promise<ContactMethod[]> {
  const patron = await patronForReservation(c.var.deps.db, patronId);
  return patron ? contactMethodsFor(patron.email) : [];
}

/** The edit step's form: pre-filled with what the selected holds share. */
async function editView(
  c: Context<AppEnv>,
  patronId: number,
  holds: HoldRow[],
  choice: { pickup: string | null; contact: ContactMethod | null },
  errors: FormError[],
) {
  const { db } = c.var.deps;
  // A copy in transit keeps its pickup place: the form offers only what the change would accept.
  const places = changeablePickupPlaces(holds, await offeredPickupPlaces(db));
  const inTransit = holds.some((hold) => hold.status === 'in_transit');
  return show(
    c,
    { kind: 'edit', holds, places, inTransit, contacts: await patronContacts(c, patronId), ...choice, errors },
    errors.length > 0 ? 422 : 200,
  );
}

function shared<T>(values: T[]): T | null {
  return values.every((v) => v === values[0]) ? (values[0] ?? null) : null;
}

function editFor(c: Context<AppEnv>, patronId: number, holds: HoldRow[]) {
  return editView(
    c,
    patronId,
    holds,
    { pickup: shared(holds.map((h) => h.pickupPlace)), contact: shared(holds.map((h) => h.contact)) },
    [],
  );
}

/** Changes the selected holds' pickup place and contact method, or re-renders the form saying why not. */
async function changeSelected(
  c: Context<AppEnv>,
  patronId: number,
  selected: { ids: number[]; holds: HoldRow[] },
  body: Record<string, FormValue>,
) {
  const { db } = c.var.deps;
  const places = await offeredPickupPlaces(db);
  const choices = parseChoices(
    body.pickup,
    body.contact,
    places.map((p) => p.code),
    await patronContacts(c, patronId),
  );
  if (!choices.ok) {
    return editView(c, patronId, selected.holds, choices, choiceFormErrors(choices.errors));
  }
  const outcome = await changeHolds(db, patronId, selected.ids, choices.pickup, choices.contact);
  if (outcome === 'invalid') return showLists(c, patronId, { error: listError({ ok: false, reason: 'invalid' }) });
  if (outcome === 'transitPickup')
    return editView(c, patronId, selected.holds, choices, [{ field: 'pickup', key: 'holds.error.transitPickup' }]);
  if (outcome === 'contactUnavailable')
    return editView(c, patronId, selected.holds, choices, [{ field: 'contact', key: 'reserve.error.contactEmail' }]);
  return showLists(c, patronId, { notice: c.var.t('holds.changed', { count: selected.ids.length }) });
}

/**
 * 保留 (`until` a date) or its end (`until` null) for the ticked holds, all
 * or none: only pending holds, as one in transit already has its copy.
 */
async function suspendSelected(c: Context<AppEnv>, patronId: number, body: Record<string, FormValue>, suspend: boolean) {
  const selected = await selectedHolds(c, patronId, body.hold_id);
  if (selected instanceof Response) return selected;
  const until = suspend ? parseHoldDate(body.until, today(c), { optional: false }) : ({ ok: true, date: null } as const);
  if (!until.ok) {
    const error: FormError = { field: 'suspend-until', key: `holds.error.until.${until.error}` };
    return showLists(c, patronId, { error, until: single(body.until) ?? '' });
  }
  const done = await setSuspension(c.var.deps.db, patronId, selected.ids, until.date);
  if (!done) return showLists(c, patronId, { error: { field: 'holds-waiting', key: 'holds.error.suspendPending' } });
  const count = selected.ids.length;
  if (until.date === null) return showLists(c, patronId, { notice: c.var.t('holds.resumed', { count }) });
  const date = formatCalendarDate(until.date, c.var.locale);
  return showLists(c, patronId, { notice: c.var.t('holds.suspended', { count, date }) });
}

async function postSuspension(c: Context<AppEnv>, suspend: boolean) {
  const patronId = patronOrSignIn(c, '/account');
  if (patronId instanceof Response) return patronId;
  return suspendSelected(c, patronId, await postedForm(c, { all: true }), suspend);
}

/** Mounted at /account/holds. */
export const holdsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const patronId = patronOrSignIn(c, '/account/holds');
    if (patronId instanceof Response) return patronId;
    return show(c, { kind: 'lists', lists: await holdLists(c.var.deps.db, patronId, today(c)), notice: null, errors: [] });
  })
  .post('/cancel', async (c) => {
    const patronId = patronOrSignIn(c, '/account');
    if (patronId instanceof Response) return patronId;
    const body = await postedForm(c, { all: true });
    const selected = await selectedHolds(c, patronId, body.hold_id);
    if (selected instanceof Response) return selected;
    if (single(body.confirm) !== '1') return show(c, { kind: 'confirmCancel', holds: selected.holds });
    const cancelled = await cancelHolds(c.var.deps.db, patronId, selected.ids, c.var.deps.clock.now());
    if (!cancelled) return showLists(c, patronId, { error: listError({ ok: false, reason: 'invalid' }) });
    return showLists(c, patronId, { notice: c.var.t('holds.cancelled', { count: selected.ids.length }) });
  })
  .get('/edit', async (c) => {
    const patronId = patronOrSignIn(c, '/account');
    if (patronId instanceof Response) return patronId;
    const selected = await selectedHolds(c, patronId, c.req.queries('hold_id'));
    if (selected instanceof Response) return selected;
    return editFor(c, patronId, selected.holds);
  })
  .post('/edit', async (c) => {
    const patronId = patronOrSignIn(c, '/account');
    if (patronId instanceof Response) return patronId;
    const body = await postedForm(c, { all: true });
    const selected = await selectedHolds(c, patronId, body.hold_id);
    if (selected instanceof Response) return selected;
    // 「変更」 on the list posts the ticked holds alone: that asks for the form.
    if (body.pickup === undefined && body.contact === undefined) return editFor(c, patronId, selected.holds);
    return changeSelected(c, patronId, selected, body);
  })
  .post('/suspend', (c) => postSuspension(c, true))
  .post('/resume', (c) => postSuspension(c, false));
