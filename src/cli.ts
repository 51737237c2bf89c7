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
import type { Config } from './config.ts';

interface Command {
  usage: string;
  run(database: AppDatabase, config: Config, args: string[]): Promise<void>;
}

const commands: Record<string, Command> = {
  migrate: {
    usage: 'migrate                apply migrations',
    run: async () => console.log('Migrations applied; the database is up to date.'),
  },
  'seed-demo': {
    usage: 'seed-demo              load the demo library',
    run: async (database, config) => {
      await seedDemo(database.db, config, systemClock);
      console.log('Demo library loaded.');
    },
  },
};

function usage(): string {
  return ['Usage: npm run admin -- <command>', '', ...Object.values(commands).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
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
    console.error(known ? `Error: ${(error as Error).message}` : `Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
