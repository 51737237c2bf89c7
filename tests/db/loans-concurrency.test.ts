/**
 * Renewals racing each other and racing a hold on the same record. On
 * PostgreSQL the transactions really run at once over a pool; PGlite has
 * one connection, so there they take turns. To race at the one moment that
 * matters, a Kysely plugin pauses a transaction right after a chosen
 * statement while the other one starts.
 */
import type { KyselyPlugin, OperationNode, QueryId } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { circulationContext } from '../../src/circulation/circulation.repo.ts';
import { placeHolds } from '../../src/holds/holds.repo.ts';
import { renewLoan } from '../../src/loans/loans.repo.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { databaseKinds } from '../support/db.ts';
import { addPatron } from '../support/fixtures.ts';
import { lendTo, loanRow, renewalAudits } from '../support/loans.ts';
import { signInDirectly } from '../support/sign-in.ts';

/** A plugin that holds its transaction still for `ms` after the first statement `matches` picks, and says when it has stopped. */
function pauseAfter(matches: (node: OperationNode) => boolean, ms: number): { plugin: KyselyPlugin; paused: Promise<void> } {
  let signal: () => void = () => {};
  const paused = new Promise<void>((resolve) => {
    signal = resolve;
  });
  let target: QueryId | null = null;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      if (target === null && matches(args.node)) target = args.queryId;
      return args.node;
    },
    transformResult: async (args) => {
      if (args.queryId === target) {
        signal();
        await new Promise((resolve) => setTimeout(resolve, ms));
      }
      return args.result;
    },
  };
  return { plugin, paused };
}

const on = (kind: OperationNode['kind'], table: string) => (node: OperationNode) =>
  node.kind === kind && JSON.stringify(node).includes(`"name":"${table}"`);

describe.each(databaseKinds)('concurrent renewals on %s', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  const renewalContext = async () => ({
    ...(await circulationContext(ctx.db, ctx.config, ctx.clock.now(), null)),
    rules: ctx.config.rules,
  });
  let keys = 0;
  const holdFor = (patronId: number, recordId: number) => ({
    patronId,
    sessionId: 'no-session',
    key: `loan-race-${kind}-${++keys}-abcdefgh`,
    recordIds: [recordId],
    pickup: 'main',
    contact: 'none' as const,
    rules: ctx.config.rules,
    clock: ctx.clock,
  });
  const pendingHolds = (recordId: number) =>
    ctx.db.selectFrom('holds').select('id').where('record_id', '=', recordId).where('status', '=', 'pending').execute();

  it('20 parallel renewals of one loan renew it once', async () => {
    const patronId = await addPatron(ctx.db);
    const loan = await lendTo(ctx, patronId, { dueDate: '2026-12-08' });
    const client = new TestClient(ctx.app);
    await signInDirectly(ctx, client, { patronId });
    await client.page('/account');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => client.post(`/account/loans/${loan.loanId}/renew`, {}, { headers: { 'HX-Request': 'true' } })),
    );
    const pages = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(422)]);
    expect(pages.filter((html) => html.includes('延長しました'))).toHaveLength(1);
    expect(pages.filter((html) => html.includes('延長済みです'))).toHaveLength(19);
    expect(await loanRow(ctx, loan.loanId)).toMatchObject({ due_date: '2026-12-15', renewals: 1 });
    expect(await renewalAudits(ctx, loan.loanId)).toHaveLength(1);
  });

  it('a hold placed while a renewal runs waits for it, and is then first in the queue', async () => {
    const borrower = await addPatron(ctx.db);
    const reader = await addPatron(ctx.db);
    const loan = await lendTo(ctx, borrower, { dueDate: '2026-12-08' });
    // The renewal has read "no holds" and stops there, its locks held.
    const pause = pauseAfter(on('SelectQueryNode', 'holds'), 400);
    const finished: string[] = [];
    const renewing = renewLoan(ctx.db.withPlugin(pause.plugin), await renewalContext(), { loanId: loan.loanId, patronId: borrower }).then(
      (outcome) => {
        finished.push('renewal');
        return outcome;
      },
    );
    await pause.paused;
    const placing = placeHolds(ctx.db, holdFor(reader, loan.recordId)).then((outcome) => {
      finished.push('hold');
      return outcome;
    });
    const [renewal, placed] = await Promise.all([renewing, placing]);
    // The line it answers with is the loan as the renewal left it, with the holds it counted under its lock.
    expect(renewal).toMatchObject({
      kind: 'renewed',
      dueDate: '2026-12-15',
      loan: { dueDate: '2026-12-15', renewals: 1, othersPendingHolds: 0 },
    });
    expect(placed.kind).toBe('placed');
    expect(placed.kind === 'placed' && placed.result.items).toEqual([expect.objectContaining({ outcome: 'placed', position: 1 })]);
    // The hold committed after the renewal: it never slipped in between the renewal's check and its write.
    expect(finished).toEqual(['renewal', 'hold']);
    expect(await pendingHolds(loan.recordId)).toHaveLength(1);
    expect(await loanRow(ctx, loan.loanId)).toMatchObject({ due_date: '2026-12-15', renewals: 1 });
  });

  it('a renewal started while a hold is being placed waits for it, and is refused', async () => {
    const borrower = await addPatron(ctx.db);
    const reader = await addPatron(ctx.db);
    const loan = await lendTo(ctx, borrower, { dueDate: '2026-12-08' });
    // The hold is written but not yet committed when the renewal starts.
    const pause = pauseAfter(on('InsertQueryNode', 'holds'), 400);
    const placing = placeHolds(ctx.db.withPlugin(pause.plugin), holdFor(reader, loan.recordId));
    await pause.paused;
    const renewal = await renewLoan(ctx.db, await renewalContext(), { loanId: loan.loanId, patronId: borrower });
    expect(renewal).toMatchObject({ kind: 'refused', reason: 'held', loan: { dueDate: '2026-12-08', renewals: 0, othersPendingHolds: 1 } });
    expect((await placing).kind).toBe('placed');
    expect(await loanRow(ctx, loan.loanId)).toEqual({ due_date: '2026-12-08', renewals: 0, last_renewed_at: null });
    expect(await renewalAudits(ctx, loan.loanId)).toEqual([]);
  });

  it('renewals and holds racing freely: never an extended loan the hold did not wait for', async () => {
    for (let round = 0; round < 10; round++) {
      const borrower = await addPatron(ctx.db);
      const reader = await addPatron(ctx.db);
      const loan = await lendTo(ctx, borrower, { dueDate: '2026-12-08' });
      const finished: string[] = [];
      const [renewal, placed] = await Promise.all([
        renewalContext()
          .then((rc) => renewLoan(ctx.db, rc, { loanId: loan.loanId, patronId: borrower }))
          .finally(() => finished.push('renewal')),
        placeHolds(ctx.db, holdFor(reader, loan.recordId)).finally(() => finished.push('hold')),
      ]);
      expect(placed.kind).toBe('placed');
      const row = await loanRow(ctx, loan.loanId);
      if (renewal.kind === 'renewed') {
        expect(finished).toEqual(['renewal', 'hold']);
        expect(row.renewals).toBe(1);
      } else {
        expect(renewal).toMatchObject({ kind: 'refused', reason: 'held', loan: { renewals: 0, othersPendingHolds: 1 } });
        expect(row.renewals).toBe(0);
      }
      expect(await renewalAudits(ctx, loan.loanId)).toHaveLength(row.renewals);
    }
  });
});
