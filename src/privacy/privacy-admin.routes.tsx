/**
 * The admin's privacy pages under /staff/admin (the admin role is checked
 * where /staff mounts them): a patron's data as a JSON download and the
 * patron's deletion (SPEC §10 `patron-data`, `delete-patron`, on the staff
 * patron page), and the statistics without patrons with their CSV.
 */
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { PatronDeletionPage, StatisticsPage, type StatisticsView } from '../../templates/staff-privacy.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { audit } from '../audit/audit.repo.ts';
import { circulationContext } from '../circulation/circulation.repo.ts';
import { formFields } from '../http/form-fields.ts';
import type { MessageKey } from '../i18n/index.ts';
import { render } from '../http/render.tsx';
import { parseCardNumber } from '../patrons/patron.rules.ts';
import { placeNames } from '../places/place-names.ts';
import { currentStaff, type StaffEnv } from '../staff/staff.auth.ts';
import { addDays, daysBetween, isCalendarDate, libraryDate } from '../time.ts';
import { deletePatron } from './delete-patron.repo.ts';
import { patronData } from './patron-data.repo.ts';
import { circulationStatistics, type StatisticsRow } from './statistics.repo.ts';

type StaffContext = Context<StaffEnv>;

/** Longest period one statistics page or CSV covers: a year, leap day included. */
const MAX_RANGE_DAYS = 366;
/** The period shown when none is asked for: the last 30 days. */
const DEFAULT_RANGE_DAYS = 30;

function pathCard(c: StaffContext): string {
  const card = parseCardNumber(c.req.param('card') ?? '', c.var.deps.config.rules.cardNumberPattern);
  if (!card.ok) throw new HTTPException(404);
  return card.cardNumber;
}

/** The period asked for (default: the last 30 days) and its mistakes. */
function statisticsRange(c: StaffContext): { from: string; to: string; errors: FormError[] } {
  const { clock, config } = c.var.deps;
  const today = libraryDate(clock.now(), config.rules.timeZone);
  const from = (c.req.query('from') ?? addDays(today, 1 - DEFAULT_RANGE_DAYS)).trim().slice(0, 10);
  const to = (c.req.query('to') ?? today).trim().slice(0, 10);
  const errors: FormError[] = [];
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isCalendarDate(value)) errors.push({ field, key: 'statistics.date.invalid' });
  }
  if (errors.length === 0 && (daysBetween(from, to) < 0 || daysBetween(from, to) >= MAX_RANGE_DAYS)) {
    errors.push({ field: 'to', key: 'statistics.range.invalid' });
  }
  return { from, to, errors };
}

function statisticsCsv(rows: StatisticsRow[]): string {
  const lines = ['day,place,material,loans,returns,holds_placed,holds_fulfilled'];
  // Place codes and materials are [a-z0-9-] by their CHECKs: no field needs quoting.
  for (const r of rows) lines.push([r.day, r.place ?? '', r.material, r.loans, r.returns, r.holdsPlaced, r.holdsFulfilled].join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export const privacyAdminRoutes = new Hono<StaffEnv>()
  .get('/patrons/:card/data', async (c) => {
    const { db, clock } = c.var.deps;
    const card = pathCard(c);
    const data = await patronData(db, card, clock.now());
    if (!data) throw new HTTPException(404);
    // Who exported whose data, and when: an entry naming the patron, forgotten after the audit period.
    const patron = await db.selectFrom('patrons').select('id').where('card_number', '=', card).executeTakeFirstOrThrow();
    await audit(db, { now: clock.now(), staffId: currentStaff(c).id }, { action: 'patron-data-exported', patronId: patron.id });
    c.header('Content-Disposition', `attachment; filename="patron-${card}.json"`);
    return c.json(data);
  })
  .post('/patrons/:card/delete', async (c) => {
    const card = pathCard(c);
    const form = await formFields(c, ['confirm_card']);
    const { db, config, clock } = c.var.deps;
    const confirmed = parseCardNumber(form.confirm_card, config.rules.cardNumberPattern);
    const staff = currentStaff(c);
    const answer = (outcome: DeletionAnswer, status: 200 | 422) => deletionPage(c, card, outcome, status);
    if (!confirmed.ok || confirmed.cardNumber !== card) return answer({ done: false, key: 'patronPrivacy.confirmMismatch' }, 422);
    const outcome = await deletePatron(db, await circulationContext(db, config, clock.now(), staff.id), card);
    switch (outcome.kind) {
      case 'unknown':
        throw new HTTPException(404);
      case 'loansOut':
        return answer({ done: false, key: 'patronPrivacy.loansOut', params: { count: outcome.loans } }, 422);
      case 'holdPlaced':
        return answer({ done: false, key: 'patronPrivacy.holdPlaced' }, 422);
      case 'deleted':
        return answer({ done: true, key: 'patronPrivacy.deleted', params: { holds: outcome.holdsCancelled } }, 200);
    }
  })
  .get('/statistics', async (c) => {
    const range = statisticsRange(c);
    const { db, config } = c.var.deps;
    const rows = range.errors.length > 0 ? [] : await circulationStatistics(db, { ...range, timeZone: config.rules.timeZone });
    const view: StatisticsView = { from: range.from, to: range.to, rows, places: placeNames(c), errors: range.errors };
    return render(c, {
      title: c.var.t('statistics.title'),
      status: range.errors.length > 0 ? 422 : 200,
      page: (pageContext) => <StatisticsPage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
    });
  })
  .get('/statistics.csv', async (c) => {
    const range = statisticsRange(c);
    if (range.errors.length > 0) return c.text(c.var.t(range.errors[0]!.key), 422);
    const rows = await circulationStatistics(c.var.deps.db, { ...range, timeZone: c.var.deps.config.rules.timeZone });
    c.header('Content-Disposition', `attachment; filename="statistics-${range.from}-${range.to}.csv"`);
    return c.body(statisticsCsv(rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

type DeletionAnswer = { done: boolean; key: MessageKey; params?: Record<string, number> };

/** The deletion's answer page: done, or why nothing was deleted. */
function deletionPage(c: Context<StaffEnv>, card: string, outcome: DeletionAnswer, status: 200 | 422) {
  const staff = currentStaff(c);
  return render(c, {
    title: c.var.t(outcome.done ? 'patronPrivacy.deletedTitle' : 'patronPrivacy.deleteHeading'),
    status,
    page: (pageContext) => <PatronDeletionPage pageContext={pageContext} staff={staff} outcome={outcome} cardNumber={card} />,
  });
}
