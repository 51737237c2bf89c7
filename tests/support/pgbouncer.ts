/**
 * Debian's PgBouncer in front of a test cluster, in transaction pooling
 * mode as a library's scale-out layout would run it: on a Unix socket of its
 * own (no listen_addr: no TCP port), every database of the cluster by its own name (the `*` entry), no
 * authentication of its own (the cluster trusts its socket). As root (CI) it
 * runs as the `postgres` user, like the cluster.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PostgresCluster } from './postgres-cluster.ts';

export const PGBOUNCER = '/usr/sbin/pgbouncer';
const PORT = 64329;

export interface PgBouncer {
  /** A connection URL for a database of the cluster, through PgBouncer. */
  url(database: string): string;
  stop(): void;
}

export function startPgBouncer(cluster: PostgresCluster): PgBouncer {
  const dir = mkdtempSync(path.join(tmpdir(), 'library-pgbouncer-'));
  const ini = path.join(dir, 'pgbouncer.ini');
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${cluster.socketDir} port=${cluster.port} user=app`,
      '[pgbouncer]',
      `listen_port = ${PORT}`,
      `unix_socket_dir = ${dir}`,
      'auth_type = any',
      'pool_mode = transaction',
      'max_client_conn = 1000',
      'default_pool_size = 20',
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
    ].join('\n'),
  );
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chownSync(ini, uid, gid);
    execFileSync('runuser', ['-u', 'postgres', '--', PGBOUNCER, '-d', ini], { stdio: 'pipe', timeout: 10_000 });
  } else {
    execFileSync(PGBOUNCER, ['-d', ini], { stdio: 'pipe', timeout: 10_000 });
  }
  waitFor(() => existsSync(path.join(dir, `.s.PGSQL.${PORT}`)), 'PgBouncer did not open its socket');
  return {
    url: (database) => `postgresql://app@localhost/${database}?host=${encodeURIComponent(dir)}&port=${PORT}`,
    stop() {
      try {
        const pid = Number(readFileSync(path.join(dir, 'pgbouncer.pid'), 'utf8').trim());
        process.kill(pid, 'SIGINT');
        waitFor(() => !isRunning(pid), 'PgBouncer did not stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `done` for up to 10 s (global setup and teardown are synchronous steps). */
function waitFor(done: () => boolean, failure: string): void {
  const until = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > until) throw new Error(failure);
    execFileSync('sleep', ['0.05']);
  }
}
