/**
 * Opens the configured database and brings it up to date: migrations, the
 * configured pickup places. Shared by the server, the worker and the admin
 * commands so they all see the same schema.
 */
import type { Config } from './config.ts';
import { type AppDatabase, openPglite, openPostgres } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { refuseDemoLibraryInProduction } from './demo/demo-fact.ts';
import { syncPickupPlaces } from './places/places.repo.ts';

export async function openDatabase(config: Config): Promise<AppDatabase> {
  const database = config.databaseUrl
    ? openPostgres({
        url: config.databaseUrl,
        poolSize: config.databasePoolSize,
        statementTimeoutMs: config.databaseStatementTimeoutMs,
        slowQueryMs: config.slowQueryMs,
      })
    : await openPglite(config.dataDir, config.slowQueryMs);
  try {
    await migrateToLatest(database.db);
    await refuseDemoLibraryInProduction(database.db, config);
    await syncPickupPlaces(database.db, config.rules.pickupPlaces);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}
