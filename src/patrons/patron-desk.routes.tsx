/**
 * The patron record at the counter under /staff/patrons: a new patron
 * (/new), and one patron's record (/:card/edit) with block, unblock and
 * card reissue. Mistakes re-render the form (422) and change nothing.
 */
import { type Context, Hono } from 'hono';
import {
  type CategoryOption,
  NewPatronPage,
  type NewPatronFields,
  type PatronDetailFields,
  PatronRecordPage,
  type RecordNotice,
  recordNotices,
} from '../../templates/staff-patron-record.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { formFields } from '../http/form-fields.ts';
import { render } from '../http/render.tsx';
import type { MessageKey } from '../i18n/index.ts';
import { currentStaff, type StaffEnv } from '../staff/staff.auth.ts';
import { pathPatron } from './path-patron.ts';
import type { PatronOverview } from './patron-overview.repo.ts';
import { registerPatron, reissueCard, setPatronBlock, updatePatronDetails } from './patron-desk.repo.ts';
import { type PatronFieldProblem, readBlockReason, readNewPatron, readPatronDetails } from './patron-form.rules.ts';
import { parseCardNumber } from './patron.rules.ts';

type StaffContext = Context<StaffEnv>;

const NEW_FIELDS = ['card_number', 'name', 'name_kana', 'birth_date', 'phone', 'email', 'category'] as const;
const DETAIL_FIELDS = ['name', 'name_kana', 'phone', 'email', 'expires_on', 'category'] as const;

function auditContext(c: StaffContext) {
  return { now: c.var.deps.clock.now(), staffId: currentStaff(c).id };
}

/** Each problem as the message that says how to fix it (card numbers use the desk's card messages). */
function formErrors(problems: PatronFieldProblem[]): FormError[] {
  return problems.map(({ field, reason }) => ({
    field,
    key: (field === 'card_number' ? `desk.card.${reason}` : `patronDesk.${field}.${reason}`) as MessageKey,
  }));
}

/** The settings' patron categories as the forms offer them, named in the page's language. */
function categoryOptions(c: StaffContext): CategoryOption[] {
  return c.var.deps.config.rules.patronCategories.map((category) => ({ code: category.code, name: category.name[c.var.locale] }));
}

function renderNew(c: StaffContext, fields: NewPatronFields, errors: FormError[] = []) {
  const categories = categoryOptions(c);
  return render(c, {
    title: c.var.t('patronDesk.new.title'),
    status: errors.length > 0 ? 422 : 200,
    page: (pageContext) => (
      <NewPatronPage pageContext={pageContext} staff={currentStaff(c)} fields={fields} categories={categories} errors={errors} />
    ),
  });
}

function detailFields(patron: PatronOverview): PatronDetailFields {
  return {
    name: patron.name,
    name_kana: patron.nameKana,
    phone: patron.phone,
    email: patron.email ?? '',
    expires_on: patron.expiresOn ?? '',
    category: patron.category ?? '',
  };
}

function renderRecord(c: StaffContext, patron: PatronOverview, errors: FormError[] = [], fields = detailFields(patron)) {
  const notice: RecordNotice | null = recordNotices.find((n) => n === c.req.query('done')) ?? null;
  const view = {
    cardNumber: patron.cardNumber,
    name: patron.name,
    blockedReason: patron.blockedReason,
    fields,
    categories: categoryOptions(c),
    notice,
    errors,
  };
  return render(c, {
    title: c.var.t('patronDesk.record.title', { name: patron.name }),
    status: errors.length > 0 ? 422 : 200,
    page: (pageContext) => <PatronRecordPage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
  });
}

const done = (c: StaffContext, cardNumber: string, notice: RecordNotice) =>
  c.redirect(`/staff/patrons/${cardNumber}/edit?done=${notice}`, 303);

export const patronDeskRoutes = new Hono<StaffEnv>()
  .get('/new', (c) => renderNew(c, { card_number: '', name: '', name_kana: '', birth_date: '', phone: '', email: '', category: '' }))
  .post('/new', async (c) => {
    const form = await formFields(c, NEW_FIELDS);
    const read = readNewPatron(form, c.var.deps.config.rules);
    if (!read.ok) return renderNew(c, form, formErrors(read.problems));
    const outcome = await registerPatron(c.var.deps.db, auditContext(c), read.value);
    if (outcome.kind !== 'ok') return renderNew(c, form, [{ field: 'card_number', key: `patronDesk.card.${outcome.kind}` }]);
    return done(c, read.value.cardNumber, 'registered');
  })
  .get('/:card/edit', async (c) => renderRecord(c, await pathPatron(c)))
  .post('/:card/edit', async (c) => {
    const patron = await pathPatron(c);
    const form = await formFields(c, DETAIL_FIELDS);
    const read = readPatronDetails(form, c.var.deps.config.rules);
    if (!read.ok) return renderRecord(c, patron, formErrors(read.problems), form);
    const changed = await updatePatronDetails(c.var.deps.db, auditContext(c), patron.id, read.value);
    return done(c, patron.cardNumber, changed.length > 0 ? 'edited' : 'unchanged');
  })
  .post('/:card/block', async (c) => {
    const patron = await pathPatron(c);
    const read = readBlockReason((await formFields(c, ['reason'])).reason);
    if (!read.ok) return renderRecord(c, patron, formErrors(read.problems));
    await setPatronBlock(c.var.deps.db, auditContext(c), patron.id, read.value);
    return done(c, patron.cardNumber, 'blocked');
  })
  .post('/:card/unblock', async (c) => {
    const patron = await pathPatron(c);
    await setPatronBlock(c.var.deps.db, auditContext(c), patron.id, null);
    return done(c, patron.cardNumber, 'unblocked');
  })
  .post('/:card/reissue', async (c) => {
    const patron = await pathPatron(c);
    const card = parseCardNumber((await formFields(c, ['card_number'])).card_number, c.var.deps.config.rules.cardNumberPattern);
    if (!card.ok) return renderRecord(c, patron, [{ field: 'card_number', key: `desk.card.${card.reason}` }]);
    const outcome = await reissueCard(c.var.deps.db, auditContext(c), patron, card.cardNumber);
    if (outcome.kind !== 'ok') return renderRecord(c, patron, [{ field: 'card_number', key: `patronDesk.card.${outcome.kind}` }]);
    return done(c, card.cardNumber, 'reissued');
  });
