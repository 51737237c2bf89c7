/**
 * The account page's SQL statements, counted and logged: a fixed, small
 * number whatever the patron has (no statement per loan or per hold), so
 * the page's cost does not grow with a busy reader's lists.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type DatabaseKind } from '../../src/db/database.ts';
import { loadAssets } from '../../src/http/assets.ts';
import { testConfig, type TestContext } from '../support/app.ts';
import { TestClock } from '../support/clock.ts';
import { TestClient } from '../support/client.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';
import { addHold, addPatron, addRecord } from '../support/fixtures.ts';
import { lendTo } from '../support/loans.ts';
import { reservableTitle } from '../support/reservations.ts';
import { signInDirectly } from '../support/sign-in.ts';
import { statementRecorder } from '../support/statements.ts';

/**
 * The budget: the session, then one statement for the rest (the patron, the
 * mail status, loans, holds, the calendar the renewal verdicts need and the
 * header's cart count, nested as JSON).
 */
const MAX_STATEMENTS = 2;

describe.each(databaseKinds)('the account page on %s', (kind: DatabaseKind) => {
  let ctx: TestContext;
  let recorder: ReturnType<typeof statementRecorder>;
  afterEach(async () => ctx?.close());

  async function setUp(options: { poolSize?: number } = {}): Promise<void> {
    const database = await createTestDatabase(kind, options);
    recorder = statementRecorder();
    const db = database.db.withPlugin(recorder.plugin);
    const clock = new TestClock();
    const config = testConfig();
    const app = createApp({ db, databaseKind: database.kind, config, clock, assets: loadAssets() });
    ctx = { app, database, db: database.db, clock, config, close: () => database.close() };
  }

  async function statementsOfAccountPage(patronId: number): Promise<string[]> {
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId });
    recorder.reset();
    const { response, html } = await client.page('/account');
    expect(response.status).toBe(200);
    expect(html).toContain('貸出中一覧');
    return recorder.statements();
  }

  it('runs the same few statements for a patron with nothing and one with 10 loans and 11 holds', async () => {
    await setUp();
    const idle = await addPatron(ctx.db);
    const busy = await addPatron(ctx.db);
    for (let i = 0; i < 10; i++) await lendTo(ctx, busy, { dueDate: '2026-12-20', title: `貸出 ${i}` });
    for (let i = 0; i < 10; i++) await addHold(ctx.db, { patron_id: busy, record_id: await reservableTitle(ctx) });
    await addHold(ctx.db, { patron_id: busy, record_id: await addRecord(ctx.db, { material: 'av' }) });

    const forIdle = await statementsOfAccountPage(idle);
    const forBusy = await statementsOfAccountPage(busy);
    console.log(`account page on ${kind}: ${forBusy.length} statements\n${forBusy.map((s, i) => `  ${i + 1}. ${s}`).join('\n')}`);
    expect(forBusy.length).toBe(forIdle.length);
    expect(forBusy.length).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  // Each statement costs the web process a round trip (about 0.3 ms of its CPU on the load benchmark's machine), so the
  // busiest fragments keep theirs counted too: the renewal's transaction (its loan and record locked together with what
  // the loan's line shows, the holds waiting, the update with its audit entry in one) with the session and the calendar; the
  // cart's addition with the record it checks, the insertion that checks the cart, and the cart shown again: its ids with
  // the patron's category and hold usage, then its titles, however many. A fragment has no header, so neither reads the
  // cart count for it.
  it('renews a loan and adds a title to the cart in a fixed, small number of statements', async () => {
    await setUp();
    const patronId = await addPatron(ctx.db);
    const { loanId } = await lendTo(ctx, patronId, { dueDate: '2026-12-20', title: '延長する本' });
    const recordId = await reservableTitle(ctx);
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId });
    await client.page('/account');
    const htmx = { headers: { 'HX-Request': 'true' } };
    recorder.reset();
    const renewed = await client.post(`/account/loans/${loanId}/renew`, {}, htmx);
    expect(renewed.status).toBe(200);
    expect(await renewed.text()).toContain('延長する本');
    expect(recorder.statements().length).toBeLessThanOrEqual(5);
    recorder.reset();
    const added = await client.post('/cart', { record_id: String(recordId) }, htmx);
    expect(added.status).toBe(200);
    expect(await added.text()).toContain('<span class="badge" aria-hidden="true">1</span>');
    expect(recorder.statements().length).toBeLessThanOrEqual(5);
    const forOneTitle = recorder.statements().length;
    await client.post('/cart', { record_id: String(await reservableTitle(ctx)) }, htmx);
    const thirdId = await reservableTitle(ctx);
    recorder.reset();
    const third = await client.post('/cart', { record_id: String(thirdId) }, htmx);
    expect(await third.text()).toContain('<span class="badge" aria-hidden="true">3</span>');
    expect(recorder.statements()).toHaveLength(forOneTitle);
    expect(recorder.statements().filter((statement) => statement.startsWith('select count(*) as "n" from "cart_items"'))).toEqual([]);
  });

  // A statement whose generic plan is worse than planning afresh (a partial index the planner can
  // only use when it sees the values) is planned on every page: 1.2 ms of the server's time, twice
  // what running it cost. Sequential scans are priced out so the tiny test tables judge plans as a
  // million rows would.
  it.runIf(kind === 'postgres')(
    'keeps one generic plan for each prepared statement instead of planning every page or addition',
    async () => {
      await setUp({ poolSize: 1 });
      const busy = await addPatron(ctx.db);
      for (let i = 0; i < 3; i++) await lendTo(ctx, busy, { dueDate: '2026-12-20', title: `貸出 ${i}` });
      for (let i = 0; i < 3; i++) await addHold(ctx.db, { patron_id: busy, record_id: await reservableTitle(ctx) });
      await sql`set enable_seqscan = off`.execute(ctx.db);
      for (let i = 0; i < 8; i++) await statementsOfAccountPage(busy);
      const client = new TestClient(ctx.app);
      await signInDirectly(ctx, client, { patronId: busy });
      await client.page('/account');
      for (let i = 0; i < 8; i++) {
        const added = await client.post('/cart', { record_id: String(await reservableTitle(ctx)) }, { headers: { 'HX-Request': 'true' } });
        expect(added.status).toBe(200);
      }
      const { rows } = await sql<{
        name: string;
        generic_plans: number;
      }>`select name, generic_plans from pg_prepared_statements order by name`.execute(ctx.db);
      expect(rows.map((r) => r.name)).toEqual([
        'account_page',
        'cart_add',
        'cart_of_patron',
        'record_detail_for_patron',
        'record_details_for_patron',
        'session_by_id',
      ]);
      // The cart's titles (record_details_for_patron) are planned for each reading: a custom plan knows how many ids the
      // array holds, which a generic one can only guess, so PostgreSQL keeps choosing it. A statement per title was planned
      // each time too.
      for (const row of rows.filter((r) => r.name !== 'record_details_for_patron')) {
        expect(row.generic_plans, row.name).toBeGreaterThan(0);
      }
    },
  );
});
