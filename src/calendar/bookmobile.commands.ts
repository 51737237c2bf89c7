/**
 * `import-bookmobile-stops FILE.csv [--encoding utf8|cp932]`: the stop-date
 * file the admin page takes, from the command line, read by the same parser
 * and written by the same all-or-nothing change (holds moved off cancelled
 * stops, their patrons mailed). A file with any bad line changes nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AdminRefusal, type AdminCommand } from '../admin/admin-command.ts';
import { translator } from '../i18n/index.ts';
import { CsvEncodingError, decodeCsv } from '../imports/csv-encoding.ts';
import { parseImportArgs } from '../imports/import-args.ts';
import { libraryDate } from '../time.ts';
import { readStopCsv } from './bookmobile-csv.ts';
import { importStops, stationCodes } from './timetable-change.ts';

export const importBookmobileStopsCommand: AdminCommand = {
  usage: 'import-bookmobile-stops FILE.csv [--encoding utf8|cp932]   list extra and cancelled bookmobile stops: station,date,kind[,note]',
  besideServer: true,
  run: async ({ database, config, clock, args, io }) => {
    const { file, encoding } = parseImportArgs('import-bookmobile-stops', args);
    const bytes = await readFile(path.resolve(io.cwd, file)).catch(() => {
      throw new AdminRefusal(`${file}: cannot read the file`);
    });
    let text: string;
    try {
      text = decodeCsv(bytes, encoding);
    } catch (error) {
      if (error instanceof CsvEncodingError) throw new AdminRefusal(`${file}: ${error.message}`);
      throw error;
    }
    const now = clock.now();
    const today = libraryDate(now, config.rules.timeZone);
    const parsed = readStopCsv(text, stationCodes(config), today);
    if (!parsed.ok) {
      // The operator reads the same line-numbered problems the admin page shows.
      const t = translator('en');
      for (const error of parsed.errors) io.out(t(error.key, error.params));
      throw new AdminRefusal(`${file}: nothing imported; fix the lines above and run it again`);
    }
    const moved = await importStops(database.db, { config, now, today, staffId: null }, path.basename(file), parsed.rows);
    io.out(`imported ${parsed.rows.length} stop changes; moved ${moved} ready holds to a later stop`);
  },
};
