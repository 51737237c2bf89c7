/**
 * `npm run bench:mail -- [mails] [batch size]`: how many mails a second one
 * delivery worker sends to an SMTP server on 127.0.0.1 (smtp-server, which
 * accepts and discards). The outbox is an in-memory PGlite, or the
 * PostgreSQL database in DATABASE_URL (use a scratch one: mails are added to
 * its outbox). Measures queue → claim → render → SMTP → record, the whole path.
 */
import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { type AppDatabase, openMemoryPglite, openPostgres } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { deliverDueMails } from '../src/mail/mail.delivery.ts';
import { queueMail } from '../src/mail/mail.repo.ts';
import { smtpTransport } from '../src/mail/mail.transport.ts';

const count = Number(process.argv[2] ?? 2000);
const batchSize = Number(process.argv[3] ?? 10);
const config = loadConfig();

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('end', () => {
      received += 1;
      callback();
    });
    stream.resume();
  },
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.server.address() as net.AddressInfo;

const database: AppDatabase = config.databaseUrl ? openPostgres({ url: config.databaseUrl }) : await openMemoryPglite();
await migrateToLatest(database.db);

const queueStarted = performance.now();
for (let i = 0; i < count; i++) {
  await queueMail(
    database.db,
    {
      to: `reader${i}@example.jp`,
      content: { template: 'hold-ready', data: { title: `吾輩は猫である 第${i}巻`, place: 'main', deadline: '2026-12-08' } },
    },
    { now: systemClock.now(), mailFrom: config.mailFrom },
  );
}
const queueSeconds = (performance.now() - queueStarted) / 1000;

const transport = smtpTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true`);
const started = performance.now();
const report = await deliverDueMails({ db: database.db, clock: systemClock, transport, settings: config, batchSize });
const seconds = (performance.now() - started) / 1000;
transport.close();

console.log(`database: ${database.kind}, batch size ${batchSize}`);
console.log(`queued ${count} mails in ${queueSeconds.toFixed(2)} s`);
console.log(`sent ${report.sent} (server received ${received}), retrying ${report.retrying}, failed ${report.failed}`);
console.log(`${(report.sent / seconds).toFixed(0)} mails/s (${seconds.toFixed(2)} s) for one worker`);

await database.close();
server.close();
