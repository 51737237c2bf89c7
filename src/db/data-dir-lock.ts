/**
 * One process at a time on the embedded database: PGlite has no shared
 * memory between processes, so a second writer would corrupt the folder.
 * The lock is a file holding the owner's process id; a lock left by a
 * process that no longer exists (a crash, SIGKILL) is taken over.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, 'database.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DataDirBusyError(
          `The embedded database in ${dataDir} is in use by process ${owner} (probably the running server). ` +
            'Stop it first, or run this command against a PostgreSQL server with DATABASE_URL.',
        );
      }
      unlinkSync(file);
    }
  }
  throw new DataDirBusyError(`Could not lock the embedded database in ${dataDir}; another process keeps taking it.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
