/**
 * One change to the bookmobile timetable, as the admin page and the
 * `import-bookmobile-stops` command both make it: the change, the ready
 * holds moved off the stops it cancelled, the mails to their patrons who
 * chose mail and the audit entry, all in one transaction (a file of stops
 * is written whole or not at all).
 */
import type { Kysely } from 'kysely';
import { audit } from '../audit/audit.repo.ts';
import type { Config } from '../config.ts';
import type { CalendarDate, Database } from '../db/schema.ts';
import { moveHoldsOffCancelledStops, saveStopChange } from './bookmobile.repo.ts';
import type { StopChange } from './bookmobile.rules.ts';
import { loadLibraryCalendar } from './calendar.repo.ts';
import { queueMovedDatesMails } from './date-moves.repo.ts';

type Db = Kysely<Database>;

/** Who makes the change and when: null `staffId` for an admin command. */
export interface ChangeContext {
  config: Pick<Config, 'rules' | 'mailFrom'>;
  now: Date;
  today: CalendarDate;
  staffId: number | null;
}

/** The 「BM」 stations of the settings, in their order. */
export function stationCodes(config: Pick<Config, 'rules'>): string[] {
  return config.rules.pickupPlaces.filter((p) => p.kind === 'bookmobile').map((p) => p.code);
}

/**
 * Makes a timetable change (`change` says whether there was anything to
 * change), audit-logs it and moves the ready holds whose stop it cancelled,
 * with the mail to their patrons who chose mail, all in one transaction;
 * the number of holds moved, or null when there was nothing to change.
 */
export async function changeTimetable(
  db: Db,
  context: ChangeContext,
  entry: { action: string; details: Record<string, unknown> },
  change: (tx: Db) => Promise<boolean>,
): Promise<number | null> {
  const { config, now, today } = context;
  return db.transaction().execute(async (tx) => {
    if (!(await change(tx))) return null;
    const calendar = await loadLibraryCalendar(tx, config.rules, today);
    const moves = await moveHoldsOffCancelledStops(tx, calendar, today, stationCodes(config));
    await queueMovedDatesMails(tx, moves, { now, mailFrom: config.mailFrom });
    await audit(tx, { now, staffId: context.staffId }, { action: entry.action, details: { ...entry.details, movedHolds: moves.length } });
    return moves.length;
  });
}

/** Lists every exception of a stop-date file (parsed whole by parseStopCsv) in one change; the holds moved. */
export async function importStops(
  db: Db,
  context: ChangeContext,
  file: string,
  rows: readonly { station: string; change: StopChange }[],
): Promise<number> {
  const moved = await changeTimetable(
    db,
    context,
    { action: 'bookmobile-stops-imported', details: { file, count: rows.length } },
    async (tx) => {
      for (const row of rows) await saveStopChange(tx, row.station, row.change);
      return true;
    },
  );
  return moved ?? 0;
}
