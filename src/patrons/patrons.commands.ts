/** The patrons' admin command: patrons from the library's CSV. */
import path from 'node:path';
import { AdminRefusal, type AdminCommand } from '../admin/admin-command.ts';
import { parseImportArgs } from '../imports/import-args.ts';
import { progressReporter } from '../imports/progress.ts';
import { importPatronFile } from './patron.import.ts';

export const importPatronsCommand: AdminCommand = {
  usage:
    'import-patrons FILE.csv [--encoding utf8|cp932]   import patrons: card_number,name,name_kana,birth_date,phone,email[,legacy_password]',
  besideServer: true,
  run: async ({ database, config, clock, args, io }) => {
    const { file, encoding } = parseImportArgs('import-patrons', args);
    const progress = progressReporter(io.err, 'rows');
    const summary = await importPatronFile(database.db, path.resolve(io.cwd, file), config.rules, clock.now(), {
      encoding,
      onProgress: progress.update,
    });
    progress.finish();
    for (const r of summary.skipped) io.out(`skipped line ${r.line}: ${r.error}`);
    io.out(
      `read ${summary.read}, imported ${summary.imported}, updated ${summary.updated}, unchanged ${summary.unchanged}, skipped ${summary.skipped.length}`,
    );
    if (summary.read > 0 && summary.read === summary.skipped.length) throw new AdminRefusal(`${file}: no patron could be read`);
  },
};
