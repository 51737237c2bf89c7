/**
 * A streaming replica for the catalog's read-only pages (SPEC §15): search,
 * record pages, OpenSearch, OAI-PMH and ISBN lookups read from it while it
 * answers and is no further behind than the setting allows; otherwise they
 * read from the primary, and one log line says so each time that changes.
 * A request that finds the replica gone mid-way is answered from the primary.
 */
import { type Kysely, sql } from 'kysely';
import { isDatabaseUnavailable } from './database-errors.ts';
import type { AppDatabase } from './database.ts';
import type { Database } from './schema.ts';
import { log } from '../ops/log.ts';

export type ReplicaState = 'ready' | 'lagging' | 'unreachable';

export interface CatalogReads {
  /** Runs a read on the replica when it is in use, else (or when it fails to connect) on the primary. */
  read<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** The replica's state as last checked. */
  state(): ReplicaState;
  close(): Promise<void>;
}

const CHECK_EVERY_MS = 2_000;

/**
 * Whether the replica holds WAL it has not replayed yet, and the seconds since the last transaction it
 * replayed (null when it has replayed none since it started).
 */
const lagQuery = sql<{ behind: boolean; since_replay: number | null }>`select
  pg_last_wal_receive_lsn() is distinct from pg_last_wal_replay_lsn() as behind,
  extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as since_replay`;

export function withReplica(primary: Kysely<Database>, replica: AppDatabase, maxLagSeconds: number): CatalogReads {
  let current: ReplicaState = 'unreachable';
  const settle = (next: ReplicaState, detail: Record<string, unknown> = {}) => {
    if (next === current) return;
    current = next;
    if (next === 'ready') log.info(detail, 'read replica in use for catalog pages');
    else log.warn({ state: next, ...detail }, 'read replica not used: catalog pages read from the primary');
  };
  // When the replica was first seen behind: an idle primary's last transaction may be old, so the time since the
  // last replay alone would call a replica that is a moment behind "lagging"; the smaller of the two is the lag.
  let behindSince: number | null = null;
  const check = async () => {
    try {
      const { rows } = await lagQuery.execute(replica.db);
      const row = rows[0];
      if (!row?.behind) behindSince = null;
      else behindSince ??= Date.now();
      const lag = behindSince === null ? 0 : Math.min(row?.since_replay ?? Infinity, (Date.now() - behindSince) / 1000);
      settle(lag > maxLagSeconds ? 'lagging' : 'ready', { lag_seconds: lag });
    } catch (error) {
      settle('unreachable', { err: error });
    }
  };
  let checking = check();
  const timer = setInterval(() => void (checking = check()), CHECK_EVERY_MS);
  timer.unref();
  return {
    async read(work) {
      if (current !== 'ready') return work(primary);
      try {
        return await work(replica.db);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        settle('unreachable', { err: error });
        return work(primary);
      }
    },
    state: () => current,
    async close() {
      clearInterval(timer);
      await checking;
      await replica.close();
    },
  };
}

/** A catalog read from `catalogReads` when the app has one, else from the primary. */
export function readCatalog<T>(
  deps: { db: Kysely<Database>; catalogReads?: CatalogReads },
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return deps.catalogReads ? deps.catalogReads.read(work) : work(deps.db);
}
