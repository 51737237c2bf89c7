/**
 * 「カウンター予約」: staff place a hold for the patron at the desk, for a
 * record they found by searching on the patron page, with the same
 * placement and limits as a Web hold (placeHolds), marked as placed at the
 * counter and written to the audit log.
 */
import type { Kysely } from 'kysely';
import { audit } from '../audit/audit.repo.ts';
import type { Clock } from '../clock.ts';
import type { LibraryRules } from '../config.ts';
import type { ContactMethod, Database } from '../db/schema.ts';
import { placeHolds, type ResultItem } from './holds.repo.ts';

export type CounterHoldField = 'record_id' | 'pickup' | 'contact';
export type CounterHoldProblem = { field: CounterHoldField; problem: 'recordId' | 'pickup' | 'contact' | 'stale' };

export interface CounterHoldRequest {
  recordId: number;
  pickup: string;
  contact: ContactMethod;
  key: string;
}

/** The counter-hold form (record_id from the listed results, pickup, contact, key), or what is wrong with it. */
export function readCounterHold(
  form: Record<'record_id' | 'pickup' | 'contact' | 'key', string>,
  pickupCodes: string[],
  contacts: ContactMethod[],
): { ok: true; request: CounterHoldRequest } | { ok: false; problems: CounterHoldProblem[] } {
  const recordId = form.record_id.normalize('NFKC').trim();
  const pickup = pickupCodes.find((code) => code === form.pickup);
  const contact = contacts.find((m) => m === form.contact);
  const problems: CounterHoldProblem[] = [];
  if (!/^[1-9]\d{0,8}$/.test(recordId)) problems.push({ field: 'record_id', problem: 'recordId' });
  if (!pickup) problems.push({ field: 'pickup', problem: 'pickup' });
  if (!contact) problems.push({ field: 'contact', problem: 'contact' });
  if (!/^[0-9a-f]{32}$/.test(form.key)) problems.push({ field: 'record_id', problem: 'stale' });
  if (!pickup || !contact || problems.length > 0) return { ok: false, problems };
  return { ok: true, request: { recordId: Number(recordId), pickup, contact, key: form.key } };
}

export type CounterHoldOutcome = { kind: 'done'; item: ResultItem | null } | { kind: 'refused'; problem: 'contact' | 'stale' };

/** Places the hold once per form key; a placed hold is audited as `counter-hold`. */
export async function placeCounterHold(
  db: Kysely<Database>,
  at: { patronId: number; staffId: number; sessionId: string; clock: Clock; rules: LibraryRules },
  request: CounterHoldRequest,
): Promise<CounterHoldOutcome> {
  const outcome = await placeHolds(db, {
    patronId: at.patronId,
    // The staff session has no cart; placement empties the cart of the session it is given.
    sessionId: at.sessionId,
    key: request.key,
    recordIds: [request.recordId],
    pickup: request.pickup,
    contact: request.contact,
    rules: at.rules,
    clock: at.clock,
    placedVia: 'counter',
    placedBy: at.staffId,
  });
  if (outcome.kind === 'contactUnavailable') return { kind: 'refused', problem: 'contact' };
  if (outcome.kind === 'foreignKey') return { kind: 'refused', problem: 'stale' };
  const [item] = outcome.result.items;
  if (outcome.kind === 'placed' && item?.outcome === 'placed') {
    await audit(
      db,
      { now: at.clock.now(), staffId: at.staffId },
      {
        action: 'counter-hold',
        patronId: at.patronId,
        recordId: item.recordId,
        details: { pickup: request.pickup, contact: request.contact },
      },
    );
  }
  return { kind: 'done', item: item ?? null };
}
