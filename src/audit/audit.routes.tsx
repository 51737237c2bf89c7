/** /staff/admin/audit: the audit log, filtered by staff member, card and dates (?staff=&card=&from=&to=&page=). */
import { Hono } from 'hono';
import { AuditPage, type AuditQuery } from '../../templates/staff-audit.tsx';
import type { FormError } from '../../templates/parts/form.tsx';
import { render } from '../http/render.tsx';
import { parseCardNumber, parseDate } from '../patrons/patron.rules.ts';
import { currentStaff, type StaffEnv } from '../staff/staff.auth.ts';
import { parseUsername } from '../staff/staff.rules.ts';
import { type AuditFilter, listAuditLog } from './audit-log.repo.ts';

const MAX_PAGE = 1000;

/** The filter the query asks for, or the form's errors; an empty field filters nothing. */
function readAuditQuery(query: AuditQuery, page: string | undefined, cardNumberPattern: string): AuditFilter | FormError[] {
  const errors: FormError[] = [];
  const optional = <T,>(value: string, read: (v: string) => T | null, field: string, key: FormError['key']): T | null => {
    if (value.trim() === '') return null;
    const result = read(value);
    if (result === null) errors.push({ field, key });
    return result;
  };
  const staffUsername = optional(
    query.staff,
    (v) => {
      const u = parseUsername(v);
      return u.ok ? u.username : null;
    },
    'staff',
    'audit.staff.invalid',
  );
  const cardNumber = optional(
    query.card,
    (v) => {
      const c = parseCardNumber(v, cardNumberPattern);
      return c.ok ? c.cardNumber : null;
    },
    'card',
    'desk.card.format',
  );
  const date = (v: string) => {
    const d = parseDate(v);
    return d.ok ? d.date : null;
  };
  const from = optional(query.from, date, 'from', 'audit.date.invalid');
  const to = optional(query.to, date, 'to', 'audit.date.invalid');
  const pageNumber = /^\d{1,4}$/.test(page ?? '') ? Math.min(Math.max(Number(page), 1), MAX_PAGE) : 1;
  return errors.length > 0 ? errors : { staffUsername, cardNumber, from, to, page: pageNumber };
}

export const auditRoutes = new Hono<StaffEnv>().get('/', async (c) => {
  const query: AuditQuery = { staff: '', card: '', from: '', to: '' };
  for (const name of ['staff', 'card', 'from', 'to'] as const) query[name] = (c.req.query(name) ?? '').slice(0, 100);
  const { db, config } = c.var.deps;
  const filter = readAuditQuery(query, c.req.query('page'), config.rules.cardNumberPattern);
  const errors = Array.isArray(filter) ? filter : [];
  const found = Array.isArray(filter) ? { lines: [], more: false } : await listAuditLog(db, filter, config.rules.timeZone);
  const view = { query, page: Array.isArray(filter) ? 1 : filter.page, ...found, timeZone: config.rules.timeZone, errors };
  return render(c, {
    title: c.var.t('audit.title'),
    status: errors.length > 0 ? 422 : 200,
    page: (pageContext) => <AuditPage pageContext={pageContext} staff={currentStaff(c)} view={view} />,
  });
});
