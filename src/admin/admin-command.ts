/**
 * The shape of an admin command. A command writes through `io`, never to the
 * console, so the same command runs in its own process or inside the running
 * server when the embedded database is held there (SPEC §9).
 */
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { AppDatabase } from '../db/database.ts';
import type { ProgressOutput } from '../imports/progress.ts';

export interface AdminIo {
  /** The directory the operator ran the command in: file arguments are relative to it. */
  cwd: string;
  out(line: string): void;
  /** Progress and warnings (stderr), written as given: a terminal gets progress rewritten in place. */
  err: ProgressOutput;
  stdin(): Promise<string>;
}

export interface AdminRun {
  database: AppDatabase;
  config: Config;
  clock: Clock;
  args: string[];
  io: AdminIo;
}

export interface AdminCommand {
  usage: string;
  /**
   * Runs beside the server that holds the embedded database, forwarded to it (SPEC §9): the commands
   * a library runs while open. Any other command stops with the data folder's "in use" message.
   */
  besideServer?: true;
  /** The exit code; nothing means 0. */
  run(run: AdminRun): Promise<number | void>;
}

/** A command that cannot do what was asked: one clear line and its exit code. */
export class AdminRefusal extends Error {
  override name = 'AdminRefusal';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
