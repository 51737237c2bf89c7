/**
 * Two web processes and two workers on one PostgreSQL database, as several
 * machines behind a load balancer would run: a session, a cart, a lockout
 * and an address throttle begun on one web process hold on the other, and
 * the two workers send every queued mail exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hash.ts';
import { type AppDatabase, openPostgres } from '../../src/db/database.ts';
import { queueMail } from '../../src/mail/mail.repo.ts';
import { createPostgresDatabaseUrl, databaseKinds } from '../support/db.ts';
import { addCopy, addPatron, addRecord } from '../support/fixtures.ts';
import { type ServiceProcess, startService, startWorkerProcess } from '../support/process.ts';
import { switchableClient } from '../support/process-client.ts';
import { signInCount } from '../support/sign-in-count.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp.ts';

const MAILS = 40;

describe.runIf(databaseKinds.includes('postgres'))('two web processes and two workers on one PostgreSQL', () => {
  let created: { url: string; drop(): Promise<void> };
  let database: AppDatabase;
  let sink: SmtpSink;
  const processes: ServiceProcess[] = [];
  let web: string[] = [];

  beforeAll(async () => {
    created = await createPostgresDatabaseUrl();
    database = openPostgres({ url: created.url, poolSize: 4 });
    sink = await startSmtpSink();
    const env = { DATABASE_URL: created.url, SMTP_URL: sink.url, DEMO: '0', WORKER: '0', TRUSTED_PROXY: '1', DATABASE_POOL_SIZE: '4' };
    const started = await Promise.all([startService(env), startService(env), startWorkerProcess(env), startWorkerProcess(env)]);
    processes.push(...started);
    web = [started[0].url, started[1].url];
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await sink?.stop();
    await database?.close();
    await created?.drop();
  }, 60_000);

  it('keeps a sign-in and its cart on whichever process answers', async () => {
    await addPatron(database.db, { card_number: '07000001', name: '負荷 花子', password_hash: await hashPassword('pass1234') });
    const recordId = await addRecord(database.db, { title: '二つの窓' });
    await addCopy(database.db, recordId, { status: 'on_loan' });
    const { client, use } = switchableClient(web);

    use(0);
    await client.page('/login');
    expect((await client.post('/login', { card_number: '07000001', password: 'pass1234' })).status).toBe(303);
    use(1);
    const account = await client.page('/account');
    expect(account.response.status).toBe(200);
    expect(account.html).toContain('<dd>07000001</dd>');

    expect((await client.post('/cart', { record_id: String(recordId) })).status).toBe(303);
    use(0);
    expect((await client.page('/cart')).html).toContain('二つの窓');
  });

  it('counts wrong passwords sent to both processes against one lockout', async () => {
    await addPatron(database.db, { card_number: '07000002', password_hash: await hashPassword('right99') });
    const { client, use } = switchableClient(web);
    await client.page('/login');
    for (let attempt = 0; attempt < 5; attempt++) {
      use(attempt % 2);
      expect((await client.post('/login', { card_number: '07000002', password: 'wrong00' })).status).toBe(422);
    }
    use(1);
    const refused = await client.post('/login', { card_number: '07000002', password: 'right99' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('ロック');
    expect((await signInCount(database, '07000002')).lockedUntil).not.toBeNull();
  });

  it('throttles one client address behind the load balancer across both processes', async () => {
    const address = '203.0.113.7';
    const { client, use } = switchableClient(web, { 'X-Forwarded-For': `198.51.100.1, ${address}` });
    await client.page('/login');
    // Unknown cards: each failure counts against the address only.
    for (let attempt = 0; attempt < 30; attempt++) {
      use(attempt % 2);
      expect((await client.post('/login', { card_number: `0710${String(attempt).padStart(4, '0')}`, password: 'wrong00' })).status).toBe(
        422,
      );
    }
    use(0);
    expect((await client.post('/login', { card_number: '07109999', password: 'wrong00' })).status).toBe(429);
    const throttle = await database.db
      .selectFrom('login_throttles')
      .select('failures')
      .where('address', '=', address)
      .executeTakeFirstOrThrow();
    expect(throttle.failures).toBe(30);
    const direct = await database.db.selectFrom('login_throttles').select('address').where('address', '=', '198.51.100.1').execute();
    expect(direct).toEqual([]);
  }, 60_000);

  it('sends every queued mail exactly once with two workers taking them', async () => {
    const now = new Date();
    await Promise.all(
      Array.from({ length: MAILS }, (_, i) =>
        queueMail(
          database.db,
          { to: `reader${i}@example.jp`, content: { template: 'test', data: {} } },
          { now, mailFrom: 'no-reply@library.example.jp' },
        ),
      ),
    );
    const deadline = Date.now() + 60_000;
    while (sink.received.length < MAILS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // One more delivery tick of both workers (every 5 s), in which a duplicate would show.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const recipients = sink.received.map((mail) => (Array.isArray(mail.to) ? '' : (mail.to?.text ?? '')));
    expect(recipients.length).toBe(MAILS);
    expect(new Set(recipients).size).toBe(MAILS);
    expect(new Set(sink.received.map((mail) => mail.messageId)).size).toBe(MAILS);
    const statuses = await database.db
      .selectFrom('outbox')
      .select(({ fn }) => ['status', fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    expect(statuses).toEqual([{ status: 'sent', n: MAILS }]);
  }, 90_000);
});

describe.runIf(databaseKinds.includes('postgres'))('npm start with WEB_PROCESSES=2', () => {
  it('serves from two web processes on one port, replaces one that dies, and stops them all', async () => {
    const created = await createPostgresDatabaseUrl();
    const service = await startService({ DATABASE_URL: created.url, DEMO: '0', WORKER: '0', WEB_PROCESSES: '2' });
    try {
      expect(service.output()).toMatch(/2 web processes/);
      const listening = () => [...service.output().matchAll(/Web process (\d+) listening/g)].map((m) => Number(m[1]));
      // Each web process prints its line just after the supervisor heard it listen.
      const deadline = Date.now() + 60_000;
      while (listening().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(listening()).toHaveLength(2);
      const killed = listening()[0]!;
      process.kill(killed, 'SIGKILL');
      const ended = `web process ${killed} ended (SIGKILL); starting another`;
      while (!service.output().includes(ended) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      // Once the supervisor knows, the other web process takes every connection until the new one is up.
      expect((await fetch(`${service.url}healthz`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);
      while (listening().length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(listening()).toHaveLength(3);
      expect((await fetch(`${service.url}search?q=本`)).status).toBe(200);
    } finally {
      expect(await service.stop()).toBe(0);
      await created.drop();
    }
  }, 120_000);
});
