/**
 * Admin commands: `npm run admin -- <command>`. Each prints what it did and
 * exits non-zero with one clear line when it cannot.
 */
import { openDatabase } from './bootstrap.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirBusyError } from './db/data-dir-lock.ts';
import type { AppDatabase } from './db/database.ts';
import { seedDemo } from './demo/seed.ts';
import { importCatalogFile } from './catalog/catalog.import.ts';
import { importCopyFile } from './catalog/copies.import.ts';
import { importPatronFile } from './patrons/patron.import.ts';
import { parseImportArgs } from './imports/import-args.ts';
import { progressReporter } from './imports/progress.ts';
import { libraryPlaceCodes } from './places/library-places.ts';
import type { Config } from './config.ts';
import { hashPassword } from './auth/password-hash.ts';
import { saveStaff } from './staff/staff.repo.ts';
import { parseRole, parseUsername } from './staff/staff.rules.ts';
import { backupDatabase, restoreDatabase } from './ops/backup.ts';

interface Command {
  usage: string;
  run(database: AppDatabase, config: Config, args: string[]): Promise<void>;
}

const commands: Record<string, Command> = {
  migrate: {
    usage: 'migrate                apply migrations',
    run: () => Promise.resolve(console.log('Migrations applied; the database is up to date.')),
  },
  'import-catalog': {
    usage: 'import-catalog FILE [--encoding utf8|cp932]   import MARC21 (.mrc), MARCXML (.xml) or CSV (.csv) records',
    run: async (database, config, args) => {
      const { file, encoding } = parseImportArgs('import-catalog', args);
      const started = Date.now();
      const progress = progressReporter(process.stderr, 'records');
      const summary = await importCatalogFile(database.db, file, {
        libraryPlaces: libraryPlaceCodes(config.rules.pickupPlaces),
        now: systemClock.now(),
        encoding,
        onProgress: progress.update,
      });
      progress.finish();
      for (const r of summary.rejected) console.log(`skipped ${r.position}: ${r.reason}`);
      for (const w of summary.warnings) console.log(`warning ${w.position}: ${w.reason}`);
      console.log(
        `read ${summary.read}, imported ${summary.imported}, updated ${summary.updated}, unchanged ${summary.unchanged}, ` +
          `skipped ${summary.skipped}, copies added ${summary.copiesAdded} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      // Only a file with nothing usable is a failure; rejected records are reported above.
      if (summary.read === summary.skipped) throw new Error(`${file}: no record could be read`);
    },
  },
  'add-staff': {
    usage: 'add-staff USERNAME --role desk|admin   create a staff account (or reset its password); password from stdin',
    run: async (database, _config, args) => {
      const [name, flag, roleName] = args;
      const username = parseUsername(name ?? '');
      const role = flag === '--role' ? parseRole(roleName) : null;
      if (!username.ok || !role)
        throw new Error(
          'add-staff needs a username (2-32 of a-z 0-9 . _ -) and a role: npm run admin -- add-staff USERNAME --role desk|admin',
        );
      const password = (await readStdin()).replace(/\r?\n$/, '');
      if (password.length < 8 || password.length > 200) throw new Error('the password (read from stdin) must be 8 to 200 characters');
      const outcome = await saveStaff(database.db, { username: username.username, role, passwordHash: await hashPassword(password) });
      console.log(`Staff account ${username.username} (${role}) ${outcome}.`);
    },
  },
  'import-patrons': {
    usage:
      'import-patrons FILE.csv [--encoding utf8|cp932]   import patrons: card_number,name,name_kana,birth_date,phone,email[,legacy_password]',
    run: async (database, config, args) => {
      const { file, encoding } = parseImportArgs('import-patrons', args);
      const progress = progressReporter(process.stderr, 'rows');
      const summary = await importPatronFile(database.db, file, config.rules.cardNumberPattern, systemClock.now(), {
        encoding,
        onProgress: progress.update,
      });
      progress.finish();
      for (const r of summary.skipped) console.log(`skipped line ${r.line}: ${r.error}`);
      console.log(
        `read ${summary.read}, imported ${summary.imported}, updated ${summary.updated}, unchanged ${summary.unchanged}, skipped ${summary.skipped.length}`,
      );
      if (summary.read > 0 && summary.read === summary.skipped.length) throw new Error(`${file}: no patron could be read`);
    },
  },
  'import-copies': {
    usage: 'import-copies FILE.csv [--encoding utf8|cp932]   import copies: barcode,record_id,isbn,place,shelf_mark,status',
    run: async (database, config, args) => {
      const { file, encoding } = parseImportArgs('import-copies', args);
      const progress = progressReporter(process.stderr, 'rows');
      const summary = await importCopyFile(database.db, file, {
        libraryPlaces: libraryPlaceCodes(config.rules.pickupPlaces),
        encoding,
        onProgress: progress.update,
      });
      progress.finish();
      for (const r of summary.skipped) console.log(`skipped line ${r.line}: ${r.error}`);
      console.log(`read ${summary.read}, added ${summary.added}, already there ${summary.unchanged}, skipped ${summary.skipped.length}`);
      if (summary.read > 0 && summary.read === summary.skipped.length) throw new Error(`${file}: no copy could be imported`);
    },
  },
  'seed-demo': {
    usage: 'seed-demo              load the demo library',
    run: async (database, config) => {
      if (config.production)
        throw new Error('seed-demo is refused with NODE_ENV=production: the demo library never goes into a real library');
      await seedDemo(database.db, config, systemClock);
      console.log('Demo library loaded.');
    },
  },
};

/** Commands that open the database their own way: a backup reads it as it is, a restore needs it empty (unmigrated). */
const backupCommands: Record<string, { usage: string; run(config: Config, file: string): Promise<string> }> = {
  backup: { usage: 'backup FILE            a consistent copy of the whole database', run: backupDatabase },
  restore: { usage: 'restore FILE           fill an empty database from a backup (a non-empty one is refused)', run: restoreDatabase },
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function usage(): string {
  return [
    'Usage: npm run admin -- <command>',
    '',
    ...[...Object.values(commands), ...Object.values(backupCommands)].map((c) => `  ${c.usage}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const backupCommand = name ? backupCommands[name] : undefined;
  if (backupCommand) {
    if (!args[0]) throw new Error(`${name} needs a file: npm run admin -- ${name} FILE`);
    console.log(await backupCommand.run(loadConfig(), args[0]));
    return 0;
  }
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name ? `Unknown command: ${name}\n\n${usage()}` : usage());
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    await command.run(database, config, args);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof DataDirBusyError;
    console.error(known ? `Error: ${error.message}` : `Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
