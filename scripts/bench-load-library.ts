/**
 * Opens the load benchmarks' library on a started cluster: the kept one of
 * an earlier run at the same scale (undoing that run's changes), or a new
 * one generated now; then signs its heavy patrons in. Shared by bench:load
 * and bench:profile, which measure the same library.
 */
import { sql } from 'kysely';
import { defaultRules } from '../src/config.ts';
import { type AppDatabase, openPostgres } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { syncPickupPlaces } from '../src/places/places.repo.ts';
import type { PostgresCluster } from '../tests/support/postgres-cluster.ts';
import { finishedLibrary, markFinished } from './bench-database.ts';
import { buildLibrary, type LibrarySize, resetLibrary, type SignedInPatron, signInHeavyPatrons } from './bench-load-data.ts';
import { vocabulary } from './bench-vocabulary.ts';

export interface LoadLibrary {
  url: string;
  database: AppDatabase;
  words: Awaited<ReturnType<typeof vocabulary>>;
  patrons: SignedInPatron[];
}

/** The library of `size` in the cluster's database `load`; the caller closes `database`. */
export async function openLoadLibrary(cluster: PostgresCluster, size: LibrarySize, dataDir: string | undefined): Promise<LoadLibrary> {
  const built = await finishedLibrary(cluster.url('postgres'), 'load', JSON.stringify(size));
  const url = cluster.url('load');
  const database = openPostgres({ url, poolSize: 4, statementTimeoutMs: 3_600_000 });
  try {
    await migrateToLatest(database.db);
    await syncPickupPlaces(database.db, defaultRules.pickupPlaces);
    console.log('Vocabulary (kuromoji readings)…');
    const words = await vocabulary();
    if (built) {
      console.log(`Reusing the library in ${dataDir}.`);
      await resetLibrary(database.db, size);
    } else {
      console.log('Generating the library:');
      await buildLibrary(database.db, words, size, console.log);
      await markFinished(database.db, 'load', JSON.stringify(size));
    }
    const patrons = await signInHeavyPatrons(database.db, size);
    // As autovacuum leaves the tables this opening rewrote; left to it, its pass over them (0.3 s of a core,
    // and every connection planning its statements again after the ANALYZE) fell into the first measurement.
    await sql`vacuum analyze sessions, loans, pickup_places`.execute(database.db);
    return { url, database, words, patrons };
  } catch (error) {
    await database.close();
    throw error;
  }
}
