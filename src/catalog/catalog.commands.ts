/** The catalog's admin commands: MARC/CSV records and copies from files. */
import path from 'node:path';
import { AdminRefusal, type AdminCommand } from '../admin/admin-command.ts';
import { parseImportArgs } from '../imports/import-args.ts';
import { progressReporter } from '../imports/progress.ts';
import { libraryPlaceCodes } from '../places/library-places.ts';
import { importCatalogFile } from './catalog.import.ts';
import { importCopyFile } from './copies.import.ts';

export const importCatalogCommand: AdminCommand = {
  usage: 'import-catalog FILE [--encoding utf8|cp932]   import MARC21 (.mrc), MARCXML (.xml) or CSV (.csv) records',
  besideServer: true,
  run: async ({ database, config, clock, args, io }) => {
    const { file, encoding } = parseImportArgs('import-catalog', args);
    const started = Date.now();
    const progress = progressReporter(io.err, 'records');
    const summary = await importCatalogFile(database.db, path.resolve(io.cwd, file), {
      libraryPlaces: libraryPlaceCodes(config.rules.pickupPlaces),
      now: clock.now(),
      encoding,
      onProgress: progress.update,
    });
    progress.finish();
    for (const r of summary.rejected) io.out(`skipped ${r.position}: ${r.reason}`);
    for (const w of summary.warnings) io.out(`warning ${w.position}: ${w.reason}`);
    io.out(
      `read ${summary.read}, imported ${summary.imported}, updated ${summary.updated}, unchanged ${summary.unchanged}, ` +
        `skipped ${summary.skipped}, copies added ${summary.copiesAdded} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    // Only a file with nothing usable is a failure; rejected records are reported above.
    if (summary.read === summary.skipped) throw new AdminRefusal(`${file}: no record could be read`);
  },
};

export const importCopiesCommand: AdminCommand = {
  usage: 'import-copies FILE.csv [--encoding utf8|cp932]   import copies: barcode,record_id,isbn,place,shelf_mark,status',
  besideServer: true,
  run: async ({ database, config, args, io }) => {
    const { file, encoding } = parseImportArgs('import-copies', args);
    const progress = progressReporter(io.err, 'rows');
    const summary = await importCopyFile(database.db, path.resolve(io.cwd, file), {
      libraryPlaces: libraryPlaceCodes(config.rules.pickupPlaces),
      encoding,
      onProgress: progress.update,
    });
    progress.finish();
    for (const r of summary.skipped) io.out(`skipped line ${r.line}: ${r.error}`);
    io.out(`read ${summary.read}, added ${summary.added}, already there ${summary.unchanged}, skipped ${summary.skipped.length}`);
    if (summary.read > 0 && summary.read === summary.skipped.length) throw new AdminRefusal(`${file}: no copy could be imported`);
  },
};
