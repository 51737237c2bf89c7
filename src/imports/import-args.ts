/** The arguments every import command takes: `FILE [--encoding utf8|cp932]`, in either order. */
import { type CsvEncoding, parseCsvEncoding } from './csv-encoding.ts';

export interface ImportArgs {
  file: string;
  encoding: CsvEncoding | undefined;
}

/** The file and the forced encoding, or an Error whose message is the command's usage line. */
export function parseImportArgs(command: string, args: string[]): ImportArgs {
  const usage = `usage: npm run admin -- ${command} FILE [--encoding utf8|cp932]`;
  let file: string | undefined;
  let encoding: CsvEncoding | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const inline = arg.startsWith('--encoding=') ? arg.slice('--encoding='.length) : undefined;
    if (arg === '--encoding' || inline !== undefined) {
      const value = inline ?? args[++i] ?? '';
      const parsed = parseCsvEncoding(value);
      if (!parsed) throw new Error(`--encoding must be utf8 or cp932 (got "${value}"); ${usage}`);
      encoding = parsed;
    } else if (file === undefined && !arg.startsWith('--')) {
      file = arg;
    } else {
      throw new Error(`unexpected argument "${arg}"; ${usage}`);
    }
  }
  if (file === undefined) throw new Error(`${command} needs a file; ${usage}`);
  return { file, encoding };
}
