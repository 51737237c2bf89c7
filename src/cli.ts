/**
 * Admin commands: `npm run admin -- <command>`. Each prints what it did and
 * exits non-zero with one clear line when it cannot. On the embedded database
 * held by the running server, the command is forwarded to that server.
 */
import { readAll, forwardToRunningServer } from './admin/admin-channel.ts';
import type { AdminIo } from './admin/admin-command.ts';
import { commandUsages, executeCommand, isAdminCommand, runsBesideServer } from './admin/run-command.ts';
import { openDatabase } from './bootstrap.ts';
import { systemClock } from './clock.ts';
import { loadConfig } from './config.ts';
import type { Config } from './config.ts';
import { DataDirBusyError } from './db/data-dir-lock.ts';
import { backupDatabase, restoreDatabase } from './ops/backup.ts';

/** Commands that open the database their own way: a backup reads it as it is, a restore needs it empty (unmigrated). */
const backupCommands: Record<string, { usage: string; run(config: Config, file: string): Promise<string> }> = {
  backup: { usage: 'backup FILE            a consistent copy of the whole database', run: backupDatabase },
  restore: { usage: 'restore FILE           fill an empty database from a backup (a non-empty one is refused)', run: restoreDatabase },
};

const consoleIo: AdminIo = {
  cwd: process.cwd(),
  out: (line) => console.log(line),
  err: process.stderr,
  stdin: () => readAll(process.stdin),
};

function usage(): string {
  return ['Usage: npm run admin -- <command>', '', ...commandUsages(), ...Object.values(backupCommands).map((c) => `  ${c.usage}`)].join(
    '\n',
  );
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name) {
    console.error(usage());
    return 2;
  }
  const backupCommand = Object.hasOwn(backupCommands, name) ? backupCommands[name] : undefined;
  if (backupCommand) {
    if (!args[0]) throw new Error(`${name} needs a file: npm run admin -- ${name} FILE`);
    console.log(await backupCommand.run(loadConfig(), args[0]));
    return 0;
  }
  if (!isAdminCommand(name)) {
    console.error(`Unknown command: ${name}\n\n${usage()}`);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(config).catch(async (error: unknown) => {
    if (!(error instanceof DataDirBusyError) || !runsBesideServer(name)) throw error;
    const forwarded = await forwardToRunningServer(config.dataDir, {
      command: name,
      args,
      cwd: process.cwd(),
      errIsTTY: !!process.stderr.isTTY,
    });
    if (forwarded === null) throw error;
    return forwarded;
  });
  if (typeof database === 'number') return database;
  try {
    return await executeCommand(name, args, { database, config, clock: systemClock }, consoleIo);
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
