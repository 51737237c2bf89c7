/** `npm run worker`: the background jobs alone, beside one or more web processes. */
import { openDatabase } from '../bootstrap.ts';
import { systemClock } from '../clock.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { DataDirBusyError } from '../db/data-dir-lock.ts';
import { startWorker } from './worker.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  const worker = startWorker({ db: database.db, config, clock: systemClock });
  console.log(`Worker running (${database.kind}).`);
  const stop = async () => {
    await worker.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DataDirBusyError;
  console.error(`Cannot start the worker: ${known ? error.message : String(error)}`);
  process.exit(1);
});
