/**
 * Opens the configured database and brings it up to date: migrations, the
 * configured pickup places. Shared by the server, the worker and the admin
 * commands so they all see the same schema.
 */
import type { Config } from './config.ts';
import { type AppDatabase, openPglite, openPostgres, storeSessionDefaults } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { refuseDemoLibraryInProduction } from './demo/demo-fact.ts';
import { syncPickupPlaces } from './places/places.repo.ts';

/** PgBouncer refuses the timeout pg sends at connection start; the operator is told the setting that avoids it. */
function explainPoolerRefusal(error: unknown): never {
  if (error instanceof Error && /unsupported startup parameter/.test(error.message)) {
    throw new Error(`${error.message}: the server is a connection pooler (PgBouncer); set DATABASE_TRANSACTION_POOLING=1`);
  }
  throw error;
}

export async function openDatabase(config: Config): Promise<AppDatabase> {
  const database = config.databaseUrl
    ? openPostgres({
        url: config.databaseUrl,
        poolSize: config.databasePoolSize,
        statementTimeoutMs: config.databaseStatementTimeoutMs,
        slowQueryMs: config.slowQueryMs,
        transactionPooling: config.databaseTransactionPooling,
      })
    : await openPglite(config.dataDir, config.slowQueryMs);
  try {
    await migrateToLatest(database.db).catch(explainPoolerRefusal);
    if (config.databaseUrl && config.databaseTransactionPooling) {
      await storeSessionDefaults(database.db, config.databaseStatementTimeoutMs);
    }
    await refuseDemoLibraryInProduction(database.db, config);
    await syncPickupPlaces(database.db, config.rules.pickupPlaces);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
