/**
 * Runs one admin command on an open database and turns its outcome into an
 * exit code: the same path for a command run in its own process, forwarded
 * to the running server, or called by a test.
 */
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { AppDatabase } from '../db/database.ts';
import { AdminRefusal, type AdminIo } from './admin-command.ts';
import { adminCommands } from './commands.ts';

export interface CommandDeps {
  database: AppDatabase;
  config: Config;
  clock: Clock;
}

/** The usage lines of every command, for `npm run admin` without one. */
export function commandUsages(): string[] {
  return Object.values(adminCommands).map((c) => `  ${c.usage}`);
}

export function isAdminCommand(name: string): boolean {
  return Object.hasOwn(adminCommands, name);
}

export function runsBesideServer(name: string): boolean {
  return isAdminCommand(name) && adminCommands[name]?.besideServer === true;
}

/** Runs `name` with `args`; its exit code. An unknown name is 2; a refusal or failure is one "Error:" line on stderr. */
export async function executeCommand(name: string, args: string[], deps: CommandDeps, io: AdminIo): Promise<number> {
  const command = isAdminCommand(name) ? adminCommands[name] : undefined;
  if (!command) {
    io.err.write(`Unknown command: ${name}\n\nUsage: npm run admin -- <command>\n${commandUsages().join('\n')}\n`);
    return 2;
  }
  try {
    return (await command.run({ ...deps, args, io })) ?? 0;
  } catch (error) {
    io.err.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof AdminRefusal ? error.exitCode : 1;
  }
}

export interface CapturedRun {
  exitCode: number;
  out: string[];
  err: string;
}

/** A command run in this process with its output kept: for tests, and for the staff pages that show a command's answer. */
export async function runAdminCommand(
  name: string,
  args: string[],
  deps: CommandDeps & { stdin?: string; cwd?: string },
): Promise<CapturedRun> {
  const out: string[] = [];
  let err = '';
  const io: AdminIo = {
    cwd: deps.cwd ?? process.cwd(),
    out: (line) => void out.push(line),
    err: { write: (text: string) => (err += text) },
    stdin: () => Promise.resolve(deps.stdin ?? ''),
  };
  const exitCode = await executeCommand(name, args, deps, io);
  return { exitCode, out, err };
}
