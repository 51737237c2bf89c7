/**
 * Imports uploaded on the staff screen run as jobs: the upload is checked
 * (format, encoding, header) and queued, and a worker runs it, writing its
 * progress after each committed chunk, so the page can follow it and the
 * import goes on when the librarian leaves the page.
 */
import { parseCatalogFile, importEntries } from '../catalog/catalog.import.ts';
import { parseCopiesCsv } from '../catalog/copies-csv.ts';
import { importCopyBytes } from '../catalog/copies.import.ts';
import { trapNewlyLoanableIssues } from '../circulation/circulation.jobs.ts';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database, ImportKind, ImportReport } from '../db/schema.ts';
import { log } from '../ops/log.ts';
import { parsePatronCsv } from '../patrons/patron-csv.ts';
import { importPatronBytes } from '../patrons/patron.import.ts';
import { libraryPlaceCodes } from '../places/library-places.ts';
import { decodeCsv } from './csv-encoding.ts';
import { claimImportJob, finishImportJob, setImportProgress } from './import-jobs.repo.ts';

/** What a job needs: the worker's own dependencies. */
interface ImportDeps {
  db: Kysely<Database>;
  config: Config;
  clock: Clock;
}

export const importKinds: readonly ImportKind[] = ['catalog', 'patrons', 'copies'];

/** Reads the upload as its job will, writing nothing: throws the parser's error (format, encoding, header) for the form to show. */
export function checkImportFile(kind: ImportKind, fileName: string, bytes: Buffer, deps: Pick<ImportDeps, 'config'>): void {
  if (kind === 'catalog') parseCatalogFile(fileName, bytes);
  else if (kind === 'patrons') parsePatronCsv(decodeCsv(bytes), deps.config.rules);
  else parseCopiesCsv(decodeCsv(bytes), libraryPlaceCodes(deps.config.rules.pickupPlaces));
}

/** Runs queued (and abandoned) jobs one after another until none waits; each ends done or failed. */
export async function runQueuedImports(deps: ImportDeps): Promise<void> {
  for (let job = await claimImportJob(deps.db, deps.clock.now()); job; job = await claimImportJob(deps.db, deps.clock.now())) {
    const { id } = job;
    const onProgress = (done: number, total: number) => setImportProgress(deps.db, id, done, total, deps.clock.now());
    try {
      const report = await runImport(deps, job.kind, job.file_name, job.content ?? Buffer.alloc(0), onProgress);
      await finishImportJob(deps.db, id, { report }, deps.clock.now());
    } catch (error) {
      log.error({ job: 'imports', importJob: id, err: error }, 'import job failed');
      await finishImportJob(deps.db, id, { error: error instanceof Error ? error.message : String(error) }, deps.clock.now());
    }
  }
}

async function runImport(
  deps: ImportDeps,
  kind: ImportKind,
  fileName: string,
  bytes: Buffer,
  onProgress: (done: number, total: number) => Promise<void>,
): Promise<ImportReport> {
  const { db, config, clock } = deps;
  const libraryPlaces = libraryPlaceCodes(config.rules.pickupPlaces);
  if (kind === 'catalog') {
    const s = await importEntries(db, parseCatalogFile(fileName, bytes), { libraryPlaces, now: clock.now(), onProgress });
    // A newer magazine issue makes the one before it loanable: its holds are served now.
    await trapNewlyLoanableIssues(db, config, clock.now());
    return {
      read: s.read,
      counts: { imported: s.imported, updated: s.updated, unchanged: s.unchanged, skipped: s.skipped, copies: s.copiesAdded },
      rejected: s.rejected,
      warnings: s.warnings,
    };
  }
  const lines = (skipped: { line: number; error: string }[]) => skipped.map((r) => ({ position: `line ${r.line}`, reason: r.error }));
  if (kind === 'patrons') {
    const s = await importPatronBytes(db, bytes, config.rules, clock.now(), { onProgress });
    return {
      read: s.read,
      counts: { imported: s.imported, updated: s.updated, unchanged: s.unchanged, skipped: s.skipped.length },
      rejected: lines(s.skipped),
      warnings: [],
    };
  }
  const s = await importCopyBytes(db, bytes, { libraryPlaces, onProgress });
  return {
    read: s.read,
    counts: { added: s.added, unchanged: s.unchanged, skipped: s.skipped.length },
    rejected: lines(s.skipped),
    warnings: [],
  };
}
