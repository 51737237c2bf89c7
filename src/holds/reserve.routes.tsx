/**
 * The reservation flow after the cart: ⑤ GET /reserve, ⑦ POST /reserve/confirm,
 * ⑧ POST /reserve. ⑦ and ⑧ answer a POST with a redirect to a page (post,
 * redirect, get), so Back and reload always show a page, never the
 * browser's "resubmit the form?" or ERR_CACHE_MISS.
 */
import { patronRefusal } from '../circulation/circulation.rules.ts';
import { libraryDate } from '../time.ts';
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ChoicesPage, choiceFormErrors, ConfirmPage, type FlowView, ReserveRefusedPage, ResultPage } from '../../templates/reserve.tsx';
import { enteredOptions, optionFormErrors } from '../../templates/reserve-options.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { loadCart } from '../cart/cart.repo.ts';
import type { ContactMethod } from '../db/schema.ts';
import type { AppEnv } from '../http/env.ts';
import type { MessageKey } from '../i18n/index.ts';
import { render } from '../http/render.tsx';
import { confirmationResult, offeredPickupPlaces, patronForReservation, placeHolds } from './holds.repo.ts';
import { type Choices, contactMethodsFor, type FormValue, isConfirmationKey, parseChoices, parseIdList, single } from './holds.rules.ts';
import { patronOrSignIn } from '../auth/patron-gate.ts';
import { optionParams, parseReserveOptions, type ReserveOptionsResult } from './reserve-options.rules.ts';
import { postedForm } from '../http/posted-form.ts';

/** Every contact method the database accepts; whether this patron may use e-mail is checked under the lock. */
const ANY_CONTACT: ContactMethod[] = ['phone', 'none', 'email'];

/** The patron, the offered places and methods, and the cart; null when the cart is empty (nothing to reserve). */
async function loadFlow(c: Context<AppEnv>, patronId: number): Promise<FlowView | null> {
  const { db, config, clock } = c.var.deps;
  const patron = await patronForReservation(db, patronId);
  const cart = await loadCart(db, c.var.session?.id ?? null, patronId, config.rules);
  if (!patron || cart.titles.length === 0) return null;
  const refusal = patronRefusal(patron.standing, libraryDate(clock.now(), config.rules.timeZone));
  return {
    cardNumber: patron.cardNumber,
    places: await offeredPickupPlaces(db),
    contacts: contactMethodsFor(patron.email),
    cart,
    standing: refusal && { refusal, expiresOn: patron.standing.expiresOn },
  };
}

/** Step ⑤ again with what the patron chose so far, and what was wrong with it. */
function choicesPage(c: Context<AppEnv>, step: FlowStep, errors: FormError[]) {
  const { flow, choices } = step;
  const entered = enteredOptions(step.options);
  return render(c, {
    title: c.var.t('reserve.form.title'),
    status: errors.length > 0 ? 422 : 200,
    page: (pageContext) => (
      <ChoicesPage
        pageContext={pageContext}
        flow={flow}
        pickup={choices.pickup}
        contact={choices.contact}
        entered={entered}
        errors={errors}
      />
    ),
  });
}

/** Everything ⑤ may have got wrong, linked to its field. */
function stepErrors(step: FlowStep): FormError[] {
  return [
    ...(step.choices.ok ? [] : choiceFormErrors(step.choices.errors)),
    ...(step.options.ok ? [] : optionFormErrors(step.options.errors)),
  ];
}

/** The flow, the choices and the options the request carries. */
interface FlowStep {
  flow: FlowView;
  choices: Choices;
  options: ReserveOptionsResult;
}

function refused(c: Context<AppEnv>, key: MessageKey) {
  const message = c.var.t(key);
  return render(c, {
    title: c.var.t('reserve.bad.title'),
    status: 422,
    page: (pageContext) => <ReserveRefusedPage pageContext={pageContext} message={message} />,
  });
}

/**
 * Steps ⑤ and ⑦ begin alike: the signed-in patron (or sign in), a cart to
 * reserve from (or back to the cart), and the choices the request carries.
 */
async function flowWithChoices(c: Context<AppEnv>, fields: (name: string) => FormValue): Promise<Response | FlowStep> {
  const patronId = patronOrSignIn(c, '/reserve');
  if (patronId instanceof Response) return patronId;
  const flow = await loadFlow(c, patronId);
  if (!flow) return c.redirect('/cart', 303);
  const choices = parseChoices(
    fields('pickup'),
    fields('contact'),
    flow.places.map((p) => p.code),
    flow.contacts,
  );
  return { flow, choices, options: parseReserveOptions(fields('need_by'), fields('in_order'), today(c)) };
}

function today(c: Context<AppEnv>) {
  return libraryDate(c.var.deps.clock.now(), c.var.deps.config.rules.timeZone);
}

export const reserveRoutes = new Hono<AppEnv>()
  .get('/reserve', async (c) => {
    // The confirmation page's "change" link comes back with the choices made so far.
    const step = await flowWithChoices(c, (name) => c.req.query(name));
    if (step instanceof Response) return step;
    return choicesPage(c, step, []);
  })
  .post('/reserve/confirm', async (c) => {
    const body = await postedForm(c, { all: true });
    const step = await flowWithChoices(c, (name) => body[name]);
    if (step instanceof Response) return step;
    const { choices, options } = step;
    if (!choices.ok || !options.ok) return choicesPage(c, step, stepErrors(step));
    const query = new URLSearchParams({ pickup: choices.pickup, contact: choices.contact, ...optionParams(options.options) });
    return c.redirect(`/reserve/confirm?${query}`, 303);
  })
  .get('/reserve/confirm', async (c) => {
    const step = await flowWithChoices(c, (name) => c.req.query(name));
    if (step instanceof Response) return step;
    const { flow, choices, options } = step;
    if (!choices.ok || !options.ok) return choicesPage(c, step, stepErrors(step));
    // A fresh key per confirmation page: resubmitting this page (a double click, a retry) reuses it.
    const confirmationKey = randomBytes(24).toString('base64url');
    return render(c, {
      title: c.var.t('reserve.confirm.title'),
      page: (pageContext) => (
        <ConfirmPage
          pageContext={pageContext}
          flow={flow}
          pickup={choices.pickup}
          contact={choices.contact}
          options={options.options}
          confirmationKey={confirmationKey}
        />
      ),
    });
  })
  .post('/reserve', async (c) => {
    const patronId = patronOrSignIn(c, '/reserve');
    if (patronId instanceof Response) return patronId;
    const { db, config, clock } = c.var.deps;
    const request = await readReservation(c);
    if (!request) return refused(c, 'reserve.bad.body');
    const outcome = await placeHolds(db, {
      patronId,
      sessionId: c.var.session?.id ?? '',
      ...request,
      rules: config.rules,
      clock,
    });
    if (outcome.kind === 'foreignKey') return refused(c, 'reserve.bad.otherPatron');
    if (outcome.kind === 'contactUnavailable') return refused(c, 'reserve.error.contactEmail');
    return c.redirect(`/reserve/result/${request.key}`, 303);
  })
  .get('/reserve/result/:key', async (c) => {
    const patronId = patronOrSignIn(c, '/account');
    if (patronId instanceof Response) return patronId;
    const key = c.req.param('key');
    const { db } = c.var.deps;
    // Only the patron who confirmed sees the result; anyone else's key reads as no page at all.
    const result = isConfirmationKey(key) ? await confirmationResult(db, key, patronId) : null;
    if (!result) throw new HTTPException(404);
    const places = await offeredPickupPlaces(db);
    return render(c, {
      title: c.var.t('reserve.result.title'),
      page: (pageContext) => <ResultPage pageContext={pageContext} result={result} places={places} />,
    });
  });

/** The ⑧ form: its idempotency key, titles and choices, or null when any of them is not one the flow could have sent. */
async function readReservation(c: Context<AppEnv>) {
  const body = await postedForm(c, { all: true });
  const key = single(body.key);
  const recordIds = parseIdList(body.record_id);
  const places = await offeredPickupPlaces(c.var.deps.db);
  const choices = parseChoices(
    body.pickup,
    body.contact,
    places.map((p) => p.code),
    ANY_CONTACT,
  );
  const options = parseReserveOptions(body.need_by, body.in_order, today(c));
  if (!isConfirmationKey(key) || !recordIds.ok || !choices.ok || !options.ok) return null;
  return { key, recordIds: recordIds.ids, pickup: choices.pickup, contact: choices.contact, ...options.options };
}
