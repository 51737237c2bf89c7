/** The real service process, started as `npm start` and `npm run deno` start it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/database.ts';
import { createPostgresDatabaseUrl, databaseKinds } from '../support/db.ts';
import { runAdmin, startService } from '../support/process.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'library-data-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the service process on Node', () => {
  it('starts on a new data folder with the demo library, guards the folder, and restarts warm', async () => {
    const DATA_DIR = dataDir();
    const cold = await startService({ DATA_DIR });
    try {
      const home = await fetch(cold.url);
      expect(home.status).toBe(200);
      const html = await home.text();
      expect(html).toContain('みなと市立図書館');
      expect(html).toMatch(/所蔵資料 \d{3} タイトル/);
      expect(cold.output()).toContain('Loaded the demo library');

      const busy = runAdmin(['migrate'], { DATA_DIR });
      expect(busy.status).toBe(1);
      expect(busy.output).toMatch(/The embedded database in .* is in use by process \d+/);
      expect((await fetch(`${cold.url}readyz`)).status).toBe(200);
    } finally {
      expect(await cold.stop()).toBe(0);
    }
    console.log(`cold start with demo seeding: ${cold.startupMs} ms`);

    const warm = await startService({ DATA_DIR });
    try {
      expect(warm.output()).not.toContain('Loaded the demo library');
      expect(await (await fetch(warm.url)).text()).toMatch(/所蔵資料 \d{3} タイトル/);
    } finally {
      await warm.stop();
    }
    console.log(`warm start: ${warm.startupMs} ms`);
    expect(runAdmin(['migrate'], { DATA_DIR }).status).toBe(0);
  }, 120_000);

  it('stops at once with one line naming a wrong variable', async () => {
    const result = runAdmin(['migrate'], { PORT: 'eighty', DATA_DIR: dataDir() });
    expect(result.status).toBe(1);
    const bad = await startService({ PORT: 'eighty', DATA_DIR: dataDir() }).catch((error: Error) => error.message);
    expect(bad).toContain('Cannot start: PORT must be a whole number');
  }, 60_000);
});

describe('the service process in production mode', () => {
  const production = { NODE_ENV: 'production', BASE_URL: 'https://library.example.jp', MAIL_TRANSPORT: 'file' };

  it('starts on an empty database with nothing of the demo, DEMO=1 or not, and refuses seed-demo', async () => {
    const DATA_DIR = dataDir();
    const service = await startService({ ...production, DEMO: '1', DATA_DIR }, 'node', 150_000);
    try {
      expect(service.output()).not.toContain('Loaded the demo library');
      expect(await (await fetch(service.url)).text()).toContain('所蔵資料 0 タイトル');
      expect((await fetch(`${service.url}dev/mailbox`)).status).toBe(404);
    } finally {
      expect(await service.stop()).toBe(0);
    }
    const seeded = runAdmin(['seed-demo'], { ...production, DATA_DIR });
    expect(seeded.status).toBe(1);
    expect(seeded.output).toContain(
      'Error: seed-demo is refused with NODE_ENV=production: the demo library never goes into a real library',
    );
    const database = await openPglite(DATA_DIR);
    try {
      expect(await database.db.selectFrom('staff').select('username').execute()).toEqual([]);
      expect(await database.db.selectFrom('patrons').select('id').execute()).toEqual([]);
      expect(await database.db.selectFrom('library_facts').select('fact').execute()).toEqual([]);
    } finally {
      await database.close();
    }
  }, 240_000);

  it('refuses to start on a database a development start loaded the demo into, naming it', async () => {
    const DATA_DIR = dataDir();
    const development = await startService({ DATA_DIR }, 'node', 150_000);
    await development.stop();
    const refused = await startService({ ...production, DATA_DIR }).catch((error: Error) => error.message);
    expect(refused).toContain(`Cannot start: NODE_ENV=production, but the embedded database in ${DATA_DIR} holds the demo library`);
  }, 240_000);

  it('refuses to start without BASE_URL, naming the variable', async () => {
    const refused = await startService({ NODE_ENV: 'production', MAIL_TRANSPORT: 'file', DATA_DIR: dataDir() }).catch(
      (error: Error) => error.message,
    );
    expect(refused).toContain('Cannot start: BASE_URL is required with NODE_ENV=production');
  }, 60_000);
});

describe.runIf(databaseKinds.includes('postgres'))('the service process on a PostgreSQL server', () => {
  it('migrates an empty database, loads the demo only on request, and serves it', async () => {
    const database = await createPostgresDatabaseUrl({ empty: true });
    try {
      const env = { DATABASE_URL: database.url, DATA_DIR: dataDir() };
      const seeded = runAdmin(['seed-demo'], env);
      expect(seeded.output).toContain('Demo library loaded.');
      expect(seeded.status).toBe(0);
      const again = runAdmin(['seed-demo'], env);
      expect(again.status).toBe(1);
      expect(again.output).toContain('already loaded');
      const service = await startService(env);
      try {
        expect(service.output()).not.toContain('Loaded the demo library');
        expect(await (await fetch(service.url)).text()).toMatch(/所蔵資料 \d{3} タイトル/);
        expect(await (await fetch(`${service.url}readyz`)).json()).toEqual({ status: 'ready', database: 'postgres' });
      } finally {
        await service.stop();
      }
    } finally {
      await database.drop();
    }
  }, 120_000);
});

describe('the service process on Deno 2', () => {
  it('serves the same entry point', async () => {
    const service = await startService({ DATA_DIR: dataDir(), DEMO: '0' }, 'deno', 90_000);
    try {
      const home = await fetch(service.url, { headers: { 'Accept-Encoding': 'br' } });
      expect(home.status).toBe(200);
      // Compressed with Deno's node:zlib, as Node compresses it.
      expect(home.headers.get('Content-Encoding')).toBe('br');
      expect(await home.text()).toContain('所蔵資料 0 タイトル');
      expect(await (await fetch(`${service.url}readyz`)).json()).toEqual({ status: 'ready', database: 'pglite' });
    } finally {
      await service.stop();
    }
  }, 120_000);
});
