/**
 * Step ⑤'s options beyond place and contact (SPEC §14): 予約の有効期限
 * (`need_by`) and 順番予約 (`in_order=1`). Pure: `today` is the library's date.
 */
import type { CalendarDate } from '../db/schema.ts';
import { type HoldDateError, parseHoldDate } from './hold-dates.rules.ts';
import { type FormValue, single } from './holds.rules.ts';

export interface ReserveOptions {
  needBy: CalendarDate | null;
  inOrder: boolean;
}

export type ReserveOptionError = { field: 'need_by'; error: HoldDateError } | { field: 'in_order' };

export type ReserveOptionsResult =
  | { ok: true; options: ReserveOptions }
  /** What the patron typed is kept for the re-rendered form. */
  | { ok: false; errors: ReserveOptionError[]; needByText: string; inOrder: boolean };

/** Reads `need_by` (optional date) and `in_order` (absent or `1`; anything else is a forged or broken form). */
export function parseReserveOptions(needBy: FormValue, inOrder: FormValue, today: CalendarDate): ReserveOptionsResult {
  const date = parseHoldDate(needBy, today, { optional: true });
  const order = inOrder === undefined ? false : single(inOrder) === '1' ? true : null;
  const errors: ReserveOptionError[] = [];
  if (!date.ok) errors.push({ field: 'need_by', error: date.error });
  if (order === null) errors.push({ field: 'in_order' });
  if (date.ok && order !== null) return { ok: true, options: { needBy: date.date, inOrder: order } };
  return { ok: false, errors, needByText: single(needBy) ?? '', inOrder: order === true };
}

/** The options as query parameters of the flow's redirects and links (absent when not chosen). */
export function optionParams(options: ReserveOptions): Record<string, string> {
  return { ...(options.needBy ? { need_by: options.needBy } : {}), ...(options.inOrder ? { in_order: '1' } : {}) };
}
