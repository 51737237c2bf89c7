/**
 * WEB_PROCESSES=N: `npm start` as a supervisor of N web processes sharing
 * one port (node:cluster hands each connection to one of them), so one
 * machine's cores all serve. Web processes keep nothing in memory between
 * requests (sessions, carts, lockouts and the outbox live in PostgreSQL),
 * so which process answers does not matter. The supervisor migrates once,
 * runs the background worker (unless WORKER=0) and starts a new web process
 * when one dies.
 */
import cluster, { type Worker } from 'node:cluster';
import { openDatabase } from './bootstrap.ts';
import { systemClock } from './clock.ts';
import { type Config, ConfigError } from './config.ts';
import { startWorker } from './jobs/worker.ts';

/** A web process that dies is replaced after this pause, so a crash on start cannot spin. */
const RESTART_DELAY_MS = 1000;

/** Runs in the primary process: migrate, fork the web processes, wait until all listen. */
export async function superviseWebProcesses(config: Config): Promise<void> {
  if (!config.databaseUrl) {
    throw new ConfigError('WEB_PROCESSES above 1 needs DATABASE_URL: the embedded database belongs to one process');
  }
  const started = performance.now();
  const database = await openDatabase(config);
  const worker = config.runWorker ? startWorker({ db: database.db, config, clock: systemClock }) : undefined;
  let stopping = false;

  const fork = (): Worker => cluster.fork({ WORKER: '0' });
  cluster.on('exit', (dead, code, signal) => {
    if (stopping) return;
    console.error(`web process ${dead.process.pid} ended (${signal ?? code}); starting another`);
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS);
  });

  const listening = new Promise<number>((resolve) => {
    let count = 0;
    cluster.on('listening', (_worker, address) => {
      count += 1;
      if (count === config.webProcesses) resolve(address.port);
    });
  });
  for (let i = 0; i < config.webProcesses; i++) fork();
  const port = await listening;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Library service ready at http://${config.host}:${port}/ (${database.kind}, ${config.webProcesses} web processes, ${seconds} s)`,
  );

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    );
    await worker?.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
