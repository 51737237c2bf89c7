/**
 * `backup FILE` and `restore FILE`: a consistent copy of the whole database,
 * and back into an empty one (never over a library's data).
 *
 * Embedded PGlite: the data folder as a gzipped tarball (PGlite's own
 * dumpDataDir / loadDataDir), taken while the server is stopped (the
 * data-folder lock refuses otherwise).
 *
 * PostgreSQL server: pg_dump's custom format and pg_restore. pg_dump reads
 * in one snapshot while the service keeps running, and it carries what a
 * copy of the tables would miss: sequences, the pg_trgm extension, indexes,
 * the migration history. The binaries come from the postgresql-client
 * package; the newest installed is used, since pg_dump refuses a newer server.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { openPglite, openPostgres } from '../db/database.ts';

const run = promisify(execFile);

/** What the file starts with, so a backup of one kind of database is not fed to the other. */
const PG_DUMP_MAGIC = 'PGDMP';
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/** Writes a copy of the whole configured database to `file`; returns what it did, in a sentence. */
export async function backupDatabase(config: Config, file: string): Promise<string> {
  if (existsSync(file)) throw new Error(`${file} already exists; a backup never overwrites a file`);
  if (config.databaseUrl) {
    await run(postgresBinary('pg_dump'), ['--format=custom', `--file=${file}`, `--dbname=${config.databaseUrl}`]);
    return `Backed up the PostgreSQL database to ${file} (pg_dump custom format).`;
  }
  const database = await openPglite(config.dataDir);
  try {
    const tarball = await database.dumpDataDir!();
    writeFileSync(file, gzipSync(Buffer.from(await tarball.arrayBuffer())), { flag: 'wx' });
  } finally {
    await database.close();
  }
  return `Backed up the embedded database in ${config.dataDir} to ${file}.`;
}

/** Fills the configured, empty database from a backup; refuses a database that holds anything. */
export async function restoreDatabase(config: Config, file: string): Promise<string> {
  const head = readFileSync(file).subarray(0, PG_DUMP_MAGIC.length);
  if (config.databaseUrl) {
    if (head.toString('latin1') !== PG_DUMP_MAGIC)
      throw new Error(`${file} is not a backup of a PostgreSQL database (pg_dump custom format)`);
    const tables = await countTables(config.databaseUrl);
    if (tables > 0)
      throw new Error(`the database at DATABASE_URL is not empty (${tables} tables); restore only fills a new, empty database`);
    await run(postgresBinary('pg_restore'), [
      '--exit-on-error',
      '--single-transaction',
      '--no-owner',
      '--no-privileges',
      `--dbname=${config.databaseUrl}`,
      file,
    ]);
    return `Restored ${file} into the PostgreSQL database.`;
  }
  if (!head.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC)) throw new Error(`${file} is not a backup of an embedded database`);
  const pgdata = path.join(config.dataDir, 'pgdata');
  if (existsSync(pgdata) && readdirSync(pgdata).length > 0)
    throw new Error(`${config.dataDir} already holds a database; restore only fills an empty DATA_DIR (move the old one aside first)`);
  const database = await openPglite(config.dataDir, undefined, new Blob([gunzipSync(readFileSync(file))]));
  await database.close();
  return `Restored ${file} into the embedded database in ${config.dataDir}.`;
}

async function countTables(url: string): Promise<number> {
  const database = openPostgres({ url, poolSize: 1 });
  try {
    const { rows } = await sql<{ tables: number }>`
      select count(*)::int as tables from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`.execute(
      database.db,
    );
    return rows[0]!.tables;
  } finally {
    await database.close();
  }
}

/** The newest installed PostgreSQL client binary (Debian keeps each major under /usr/lib/postgresql), else the one on PATH. */
function postgresBinary(name: 'pg_dump' | 'pg_restore'): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((major) => existsSync(path.join(root, major, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return majors[0] ? path.join(root, majors[0], 'bin', name) : name;
}
