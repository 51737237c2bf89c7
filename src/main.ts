/**
 * Entry point: config → database → migrate → demo library if empty → server (+ worker).
 * With WEB_PROCESSES above 1 this process supervises that many web processes instead.
 */
import cluster from 'node:cluster';
import { createApp } from './app.ts';
import { openAdminChannel } from './admin/admin-channel.ts';
import { openDatabase } from './bootstrap.ts';
import { openPostgres } from './db/database.ts';
import { withReplica } from './db/read-replica.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirBusyError } from './db/data-dir-lock.ts';
import { seedDemoIfEmpty } from './demo/seed.ts';
import { loadAssets } from './http/assets.ts';
import { startWorker } from './jobs/worker.ts';
import { startServer } from './server.ts';
import { superviseWebProcesses } from './web-processes.ts';

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  if (config.webProcesses > 1 && cluster.isPrimary) return superviseWebProcesses(config);
  const database = await openDatabase(config);
  if (!config.databaseUrl && config.loadDemo) {
    const seeded = await seedDemoIfEmpty(database.db, config, systemClock);
    if (seeded) console.log('Loaded the demo library (see README for the demo cards and passwords).');
  }
  const catalogReads = config.databaseReplicaUrl
    ? withReplica(
        database.db,
        openPostgres({
          url: config.databaseReplicaUrl,
          poolSize: config.databasePoolSize,
          statementTimeoutMs: config.databaseStatementTimeoutMs,
          slowQueryMs: config.slowQueryMs,
          transactionPooling: config.databaseTransactionPooling,
        }),
        config.replicaMaxLagSeconds,
      )
    : undefined;
  const app = createApp({ db: database.db, databaseKind: database.kind, config, clock: systemClock, assets: loadAssets(), catalogReads });
  const server = await startServer(app, config.port, config.host);
  const adminChannel = database.kind === 'pglite' ? await openAdminChannel(config.dataDir, { database, config, clock: systemClock }) : null;
  const worker = config.runWorker ? startWorker({ db: database.db, config, clock: systemClock }) : undefined;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // Under the supervisor only its line announces the service (tests and operators wait for one line).
  if (cluster.isWorker) console.log(`Web process ${process.pid} listening (${seconds} s)`);
  else console.log(`Library service ready at http://${config.host}:${server.port}/ (${database.kind}, ${seconds} s)`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await adminChannel?.close();
    await worker?.stop();
    await catalogReads?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirBusyError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error('Cannot start:', error);
  }
  process.exit(1);
});
