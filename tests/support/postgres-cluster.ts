/**
 * A throwaway PostgreSQL server for tests: initdb into a temporary folder,
 * listening only on a Unix socket, stopped and removed afterwards. As root
 * (CI), the cluster is run as the `postgres` user, since initdb refuses root.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import path from 'node:path';

export interface PostgresCluster {
  /** The cluster's data folder (its postmaster.pid names the server process). */
  dataDir: string;
  /** The folder of its Unix socket (a replica connects there) and the port that names the socket. */
  socketDir: string;
  port: number;
  /** A connection URL for a database on this cluster. */
  url(database: string): string;
  stop(): void;
  /** Stops the server but keeps its data folder (a database outage); `resume` starts it again on it. */
  pause(): void;
  resume(): void;
}

const PORT = 54329;

export function findPostgresBin(): string | undefined {
  for (const version of ['18', '17', '16', '15']) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(path.join(dir, 'initdb'))) return dir;
  }
  return undefined;
}

/**
 * How the server is set up: `throwaway` (tests) skips flushing writes to
 * disk, which a crash would punish and a test never meets; `durable`
 * (benchmarks) runs as a library's server would, so a benchmark's figures
 * include the cost of every commit reaching the disk, and with the shared
 * buffers its administrator would give it: a quarter of the memory, as
 * PostgreSQL's manual advises for a dedicated server (the default 128 MB
 * holds a fifth of the scale-1 catalog, whose pages then come from the
 * kernel's cache at every search).
 */
export type Durability = 'throwaway' | 'durable';

const SERVER_SHARE_OF_MEMORY = 0.25;

const durabilitySettings: Record<Durability, () => string> = {
  throwaway: () => '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
  durable: () =>
    `-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=${Math.floor((totalmem() * SERVER_SHARE_OF_MEMORY) / 2 ** 20)}MB`,
};

/**
 * Starts a cluster in a new temporary folder, removed at `stop`; or, given
 * `keepDataDir`, in that folder (made by initdb if it holds no cluster yet)
 * and kept at `stop`, so a benchmark can reuse a library that took minutes
 * to build.
 */
export function startPostgresCluster(bin: string, keepDataDir?: string, durability: Durability = 'throwaway'): PostgresCluster {
  const dataDir = keepDataDir ?? mkdtempSync(path.join(tmpdir(), 'library-pg-data-'));
  const initialized = keepDataDir !== undefined && existsSync(path.join(keepDataDir, 'PG_VERSION'));
  if (keepDataDir) mkdirSync(keepDataDir, { recursive: true });
  return serveCluster(bin, dataDir, { keepDataDir: keepDataDir !== undefined, durability }, (run) => {
    if (!initialized) run('initdb', ['-D', dataDir, '-U', 'app', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  });
}

/**
 * A streaming replica of `primary` (pg_basebackup -R: a standby that follows
 * the primary's WAL), in its own folder and socket, removed at `stop`.
 */
export function startReplicaOf(bin: string, primary: PostgresCluster): PostgresCluster {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'library-pg-replica-'));
  return serveCluster(bin, dataDir, { keepDataDir: false, durability: 'throwaway' }, (run) => {
    run('pg_basebackup', ['-D', dataDir, '-R', '-X', 'stream', '-h', primary.socketDir, '-p', String(PORT), '-U', 'app']);
  });
}

type Run = (tool: string, args: string[]) => void;

/** Prepares `dataDir` with `prepare` (as the postgres user when root) and serves it on a new socket folder. */
function serveCluster(
  bin: string,
  dataDir: string,
  options: { keepDataDir: boolean; durability: Durability },
  prepare: (run: Run) => void,
): PostgresCluster {
  const { keepDataDir } = options;
  const socketDir = mkdtempSync(path.join(tmpdir(), 'library-pg-sock-'));
  const asRoot = process.getuid?.() === 0;
  const run: Run = (tool, args) => {
    const command = path.join(bin, tool);
    const options = { stdio: 'pipe' as const, timeout: 60_000 };
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], options);
    else execFileSync(command, args, options);
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dataDir, uid, gid);
    chownSync(socketDir, uid, gid);
  }
  chmodSync(dataDir, 0o700);
  prepare(run);
  chmodSync(dataDir, 0o700);
  const start = () =>
    run('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      path.join(dataDir, 'log'),
      '-w',
      '-o',
      `-k ${socketDir} -p ${PORT} -c listen_addresses='' ${durabilitySettings[options.durability]()} -c max_connections=300`,
      'start',
    ]);
  start();
  return {
    dataDir,
    socketDir,
    port: PORT,
    url: (database) => `postgresql://app@localhost/${database}?host=${encodeURIComponent(socketDir)}&port=${PORT}`,
    pause() {
      run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
    resume: start,
    stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', keepDataDir ? 'fast' : 'immediate', '-w', 'stop']);
      } finally {
        if (!keepDataDir) rmSync(dataDir, { recursive: true, force: true });
        rmSync(socketDir, { recursive: true, force: true });
      }
    },
  };
}
