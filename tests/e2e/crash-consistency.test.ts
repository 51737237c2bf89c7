/**
 * A web process killed with SIGKILL in the middle of a burst of
 * reservations and renewals: whatever committed is whole (every hold
 * belongs to a stored confirmation, every renewal has its audit entry),
 * no limit is exceeded, and a restarted process serves and finishes the
 * burst when the clients retry with the same confirmation keys.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRules } from '../../src/config.ts';
import { type AppDatabase, openPostgres } from '../../src/db/database.ts';
import { libraryDate } from '../../src/time.ts';
import type { TestClient } from '../support/client.ts';
import { createPostgresDatabaseUrl, databaseKinds } from '../support/db.ts';
import { addCopy, addLoan, addPatron, addRecord } from '../support/fixtures.ts';
import { type ServiceProcess, startService } from '../support/process.ts';
import { signedInProcessClient } from '../support/process-client.ts';

const PATRONS = 12;
const TITLES = 30;
/** Three confirmations of five titles each: 15 asked, so the book limit of 10 refuses some. */
const CONFIRMATIONS = 3;
const TITLES_PER_CONFIRMATION = 5;
const LOANS_PER_PATRON = 4;
/** Responses to wait for before the kill: well inside the burst. */
const KILL_AFTER = 15;

interface Burst {
  patronId: number;
  requests: { key?: string; recordIds?: number[]; loanId?: number }[];
}

describe.runIf(databaseKinds.includes('postgres'))('a web process killed in a burst of reservations and renewals', () => {
  let created: { url: string; drop(): Promise<void> };
  let database: AppDatabase;
  let service: ServiceProcess | undefined;
  const bursts: Burst[] = [];

  beforeAll(async () => {
    created = await createPostgresDatabaseUrl();
    database = openPostgres({ url: created.url, poolSize: 4 });
    const db = database.db;
    const titles: number[] = [];
    for (let i = 0; i < TITLES; i++) {
      const recordId = await addRecord(db, { title: `競合資料 ${i}` });
      await addCopy(db, recordId, { status: 'on_loan' });
      titles.push(recordId);
    }
    const dueDate = libraryDate(new Date(Date.now() + 3 * 86_400_000), defaultRules.timeZone);
    for (let p = 0; p < PATRONS; p++) {
      const patronId = await addPatron(db);
      const requests: Burst['requests'] = [];
      for (let k = 0; k < CONFIRMATIONS; k++) {
        const recordIds = Array.from(
          { length: TITLES_PER_CONFIRMATION },
          (_, j) => titles[(p + k * TITLES_PER_CONFIRMATION + j) % TITLES]!,
        );
        requests.push({ key: randomBytes(16).toString('hex'), recordIds });
      }
      for (let l = 0; l < LOANS_PER_PATRON; l++) {
        const recordId = await addRecord(db);
        const copyId = await addCopy(db, recordId, { status: 'on_loan' });
        requests.push({
          loanId: await addLoan(db, {
            copy_id: copyId,
            patron_id: patronId,
            checked_out_at: new Date(Date.now() - 10 * 86_400_000),
            due_date: dueDate,
          }),
        });
      }
      bursts.push({ patronId, requests });
    }
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await database?.close();
    await created?.drop();
  }, 60_000);

  const env = () => ({ DATABASE_URL: created.url, DEMO: '0', WORKER: '0' });

  /**
   * Every request of every patron at once; failures (the process gone, a
   * 5xx) are counted, not thrown. A renewal asked again answers 422
   * (already renewed), which counts as answered.
   */
  async function fire(clients: TestClient[], onResponse: () => void): Promise<{ answered: number; failed: number }> {
    const counts = { answered: 0, failed: 0 };
    const send = (client: TestClient, request: Burst['requests'][number]) =>
      request.loanId !== undefined
        ? client.post(`/account/loans/${request.loanId}/renew`, {}, { headers: { 'HX-Request': 'true' } })
        : client.submit('/reserve', { key: request.key!, pickup: 'main', contact: 'none', record_id: request.recordIds!.map(String) });
    await Promise.all(
      bursts.flatMap((burst, i) =>
        burst.requests.map(async (request) => {
          try {
            const response = await send(clients[i]!, request);
            await response.arrayBuffer();
            if (response.status !== 200 && response.status !== 422) throw new Error(`status ${response.status}`);
            counts.answered += 1;
          } catch {
            counts.failed += 1;
          }
          onResponse();
        }),
      ),
    );
    return counts;
  }

  /** The invariants that must hold whatever was cut short. */
  async function expectConsistent(): Promise<void> {
    const db = database.db;
    const orphanHolds = await sql<{ id: number }>`
      select h.id from holds h
      where not exists (
        select 1 from reservation_confirmations c, jsonb_array_elements(c.result::jsonb -> 'items') item
        where c.patron_id = h.patron_id and item ->> 'outcome' = 'placed' and (item ->> 'recordId')::int = h.record_id)`.execute(db);
    expect(orphanHolds.rows).toEqual([]);
    const missingHolds = await sql<{ key: string }>`
      select c.key from reservation_confirmations c, jsonb_array_elements(c.result::jsonb -> 'items') item
      where item ->> 'outcome' = 'placed'
        and not exists (select 1 from holds h where h.patron_id = c.patron_id and h.record_id = (item ->> 'recordId')::int)`.execute(db);
    expect(missingHolds.rows).toEqual([]);
    const overLimit = await sql<{ patron_id: number }>`
      select patron_id from holds where status in ('pending', 'in_transit', 'ready')
      group by patron_id having count(*) > ${defaultRules.holdLimits.book}`.execute(db);
    expect(overLimit.rows).toEqual([]);
    const twice = await sql<{ patron_id: number }>`
      select patron_id from holds group by patron_id, record_id having count(*) > 1`.execute(db);
    expect(twice.rows).toEqual([]);
    const badRenewals = await sql<{ id: number }>`
      select l.id from loans l
      where l.renewals > ${defaultRules.maxRenewals}
         or (l.renewals = 0) <> (l.last_renewed_at is null)
         or l.renewals <> (select count(*) from audit_log a where a.action = 'renew' and (a.details ->> 'loanId')::int = l.id)`.execute(db);
    expect(badRenewals.rows).toEqual([]);
  }

  it('leaves only whole changes, and a restarted process serves and completes the burst', async () => {
    service = await startService(env());
    const first = service;
    const clients = await Promise.all(bursts.map((burst) => signedInProcessClient(database.db, first.url, burst.patronId)));
    let responses = 0;
    let killed = false;
    const interrupted = await fire(clients, () => {
      responses += 1;
      if (responses === KILL_AFTER && !killed) {
        killed = true;
        // The whole group: tsx and the node process under it, with no chance to finish anything.
        process.kill(-first.child.pid!, 'SIGKILL');
      }
    });
    expect(killed).toBe(true);
    expect(interrupted.failed).toBeGreaterThan(0);
    await first.stop();
    await expectConsistent();

    service = await startService(env());
    const restarted = service;
    const again = await Promise.all(bursts.map((burst) => signedInProcessClient(database.db, restarted.url, burst.patronId)));
    expect((await again[0]!.get('/account')).status).toBe(200);
    const retried = await fire(again, () => {});
    expect(retried).toEqual({ answered: PATRONS * (CONFIRMATIONS + LOANS_PER_PATRON), failed: 0 });
    await expectConsistent();

    const confirmations = await database.db
      .selectFrom('reservation_confirmations')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(confirmations.n).toBe(PATRONS * CONFIRMATIONS);
    const perPatron = await sql<{ n: number }>`
      select count(*)::int as n from holds group by patron_id`.execute(database.db);
    expect(perPatron.rows.map((row) => row.n)).toEqual(Array(PATRONS).fill(defaultRules.holdLimits.book));
    const renewed = await database.db
      .selectFrom('loans')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('renewals', '=', 1)
      .executeTakeFirstOrThrow();
    expect(renewed.n).toBe(PATRONS * LOANS_PER_PATRON);
  }, 180_000);
});
