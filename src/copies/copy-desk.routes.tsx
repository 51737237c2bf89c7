/** /staff/copies: find a copy by barcode, and one copy's page with its status and shelf-mark form. */
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CopyDeskPage, CopyLookupPage, type CopyView } from '../../templates/staff-copy.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { circulationContext } from '../circulation/circulation.repo.ts';
import { parseBarcode } from '../circulation/circulation.rules.ts';
import { formFields } from '../http/form-fields.ts';
import { render } from '../http/render.tsx';
import { placeNames } from '../places/place-names.ts';
import { currentStaff, type StaffEnv } from '../staff/staff.auth.ts';
import { changeCopy, type CopyPage, findCopyPage } from './copy-desk.repo.ts';
import { currentChoice, parseCopyChoice, parseShelfMark } from './copy-status.rules.ts';

type StaffContext = Context<StaffEnv>;

/** The copy the path names; 404 when there is none. */
async function pathCopy(c: StaffContext): Promise<CopyPage> {
  const parsed = parseBarcode(c.req.param('barcode') ?? '');
  const copy = parsed.ok ? await findCopyPage(c.var.deps.db, parsed.barcode) : undefined;
  if (!copy) throw new HTTPException(404);
  return copy;
}

function renderCopy(c: StaffContext, copy: CopyPage, errors: FormError[] = []) {
  const done = c.req.query('done');
  const view: CopyView = {
    copy,
    current: currentChoice(copy),
    places: placeNames(c),
    timeZone: c.var.deps.config.rules.timeZone,
    notice: done === 'saved' || done === 'loanClosed' ? done : null,
    errors,
  };
  return render(c, {
    title: c.var.t('copyDesk.title', { barcode: copy.barcode }),
    status: errors.length > 0 ? 422 : 200,
    page: (pageContext) => <CopyDeskPage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
  });
}

function renderLookup(c: StaffContext, barcode: string, errors: FormError[] = []) {
  return render(c, {
    title: c.var.t('copyDesk.lookup.title'),
    status: errors.length > 0 ? 422 : 200,
    page: (pageContext) => <CopyLookupPage pageContext={pageContext} staff={currentStaff(c)} barcode={barcode} errors={errors} />,
  });
}

export const copyDeskRoutes = new Hono<StaffEnv>()
  .get('/', async (c) => {
    const input = c.req.query('barcode');
    if (input === undefined) return renderLookup(c, '');
    const parsed = parseBarcode(input);
    if (!parsed.ok) return renderLookup(c, input.slice(0, 100), [{ field: 'barcode', key: `desk.barcode.${parsed.reason}` }]);
    const copy = await findCopyPage(c.var.deps.db, parsed.barcode);
    if (!copy) return renderLookup(c, parsed.barcode, [{ field: 'barcode', key: 'copyDesk.barcode.unknown' }]);
    return c.redirect(`/staff/copies/${encodeURIComponent(copy.barcode)}`, 303);
  })
  .get('/:barcode', async (c) => renderCopy(c, await pathCopy(c)))
  .post('/:barcode', async (c) => {
    const copy = await pathCopy(c);
    const form = await formFields(c, ['status', 'shelf_mark']);
    const choice = parseCopyChoice(form.status);
    const shelfMark = parseShelfMark(form.shelf_mark);
    const errors: FormError[] = [];
    if (!choice) errors.push({ field: `status-on_shelf`, key: 'copyDesk.status.invalid' });
    if (shelfMark === null) errors.push({ field: 'shelf_mark', key: 'copyDesk.shelfMark.tooLong' });
    if (!choice || shelfMark === null) return renderCopy(c, copy, errors);
    const { db, config, clock } = c.var.deps;
    const ctx = await circulationContext(db, config, clock.now(), currentStaff(c).id);
    const outcome = await changeCopy(db, ctx, copy.id, { choice, shelfMark });
    if (outcome.kind === 'refused') return renderCopy(c, copy, [{ field: `status-${choice}`, key: `copyDesk.refused.${outcome.reason}` }]);
    const notice = outcome.kind === 'ok' && outcome.loanClosed ? 'loanClosed' : 'saved';
    return c.redirect(`/staff/copies/${encodeURIComponent(copy.barcode)}?done=${notice}`, 303);
  });
