/** `import-patrons`: bad rows reported by line, the rest written, idempotent on card number, on PGlite and PostgreSQL. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRules } from '../../src/config.ts';
import type { AppDatabase } from '../../src/db/database.ts';
import { IMPORT_CHUNK_ROWS } from '../../src/imports/chunks.ts';
import { importPatronFile } from '../../src/patrons/patron.import.ts';
import { createTestDatabase, databaseKinds } from '../support/db.ts';

const csv = [
  'card_number,name,name_kana,birth_date,phone,email,legacy_password',
  '01000101,山田 花子,やまだ はなこ,1985-04-12,03-1234-5678,hanako@example.jp,0',
  '０１００－０１０２,佐藤 太郎,さとう たろう,昭和47年11月3日,090 1111 2222,,1',
  '1000103,番号 違い,,1990-01-02,0312345678,,',
  '01000104,日付 不正,,1990年2月30日,0312345678,,',
  '01000105,,,1990-01-02,0312345678,,',
  '01000106,メール 不正,,1990-01-02,0312345678,not-an-address,',
  '01000101,重複 花子,,1985-04-12,0312345678,,',
  '01000107,列 不足',
  '"01000108","鈴木 一郎","すずき いちろう","1950/1/20","045-333-4444","",""',
].join('\n');

describe.each(databaseKinds)('patron import on %s', (kind) => {
  let database: AppDatabase;
  let dir: string;
  let file: string;
  const now = new Date('2026-12-01T10:00:00+09:00');

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    dir = mkdtempSync(path.join(tmpdir(), 'patron-import-'));
    file = path.join(dir, 'patrons.csv');
    writeFileSync(file, csv);
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const patrons = () => database.db.selectFrom('patrons').selectAll().orderBy('card_number').execute();

  it('imports the good rows without passwords and reports each bad one by line', async () => {
    const summary = await importPatronFile(database.db, file, defaultRules, now);
    expect(summary).toMatchObject({ read: 9, imported: 3, updated: 0, unchanged: 0 });
    expect(summary.skipped.map((s) => s.line)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(summary.skipped[0]!.error).toContain('card_number "1000103"');
    expect(summary.skipped[1]!.error).toContain('impossible');
    expect(summary.skipped[4]!.error).toContain('already appears on line 2');

    const rows = await patrons();
    expect(rows.map((r) => r.card_number)).toEqual(['01000101', '01000102', '01000108']);
    expect(rows[0]).toMatchObject({
      phone: '0312345678',
      email: 'hanako@example.jp',
      email_confirmed_at: now,
      legacy_birth_date_password: false,
      password_hash: null,
    });
    expect(rows[1]).toMatchObject({
      birth_date: '1972-11-03',
      phone: '09011112222',
      email: null,
      legacy_birth_date_password: true,
      password_hash: null,
    });
    expect(rows[2]).toMatchObject({ name: '鈴木 一郎', birth_date: '1950-01-20', phone: '0453334444' });
  });

  it('changes nothing when the same file is imported again, and updates what the library changed', async () => {
    await importPatronFile(database.db, file, defaultRules, now);
    const before = await patrons();
    const again = await importPatronFile(database.db, file, defaultRules, new Date('2026-12-02T10:00:00+09:00'));
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 3 });
    expect(await patrons()).toEqual(before);

    // The patron registered a password and changed the address meanwhile: the import keeps both.
    await database.db
      .updateTable('patrons')
      .set({ password_hash: 'x', legacy_birth_date_password: false, email: 'taro@example.jp' })
      .where('card_number', '=', '01000102')
      .execute();
    writeFileSync(file, csv.replace('090 1111 2222', '090-9999-0000'));
    const changed = await importPatronFile(database.db, file, defaultRules, now);
    expect(changed).toMatchObject({ imported: 0, updated: 1, unchanged: 2 });
    const taro = (await patrons())[1]!;
    expect(taro).toMatchObject({ phone: '09099990000', password_hash: 'x', legacy_birth_date_password: false, email: 'taro@example.jp' });
  });

  it('reads a CSV saved by Excel in Japan (CP932, CRLF) and one in UTF-8 with a BOM, names intact; --encoding forces one', async () => {
    writeFileSync(file, iconv.encode(csv.replaceAll('\n', '\r\n'), 'cp932'));
    expect(await importPatronFile(database.db, file, defaultRules, now)).toMatchObject({ imported: 3 });
    expect((await patrons()).map((p) => p.name)).toEqual(['山田 花子', '佐藤 太郎', '鈴木 一郎']);
    await expect(importPatronFile(database.db, file, defaultRules, now, { encoding: 'utf8' })).rejects.toThrow(
      'the file is not valid UTF-8',
    );

    writeFileSync(file, '\uFEFF' + csv.replace('山田 花子', '山田 華子'));
    expect(await importPatronFile(database.db, file, defaultRules, now)).toMatchObject({ updated: 1, unchanged: 2 });
    expect((await patrons())[0]!.name).toBe('山田 華子');
  });

  it('commits in chunks of 100: after each one the patrons so far are in the database for everyone', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `0200${String(i).padStart(4, '0')},利用者 ${i},,1990-01-02,0312345678,`);
    writeFileSync(file, ['card_number,name,name_kana,birth_date,phone,email', ...rows].join('\n'));
    const seen: [number, number, number][] = [];
    const summary = await importPatronFile(database.db, file, defaultRules, now, {
      onProgress: async (done, total) => {
        seen.push([done, total, (await patrons()).length]);
      },
    });
    expect(IMPORT_CHUNK_ROWS).toBe(100);
    expect(summary).toMatchObject({ read: 250, imported: 250 });
    expect(seen).toEqual([
      [100, 250, 100],
      [200, 250, 200],
      [250, 250, 250],
    ]);
  });

  it('gives waiting requests a turn between chunks: one sent over HTTP after the first chunk is answered long before the last', async () => {
    // On PGlite the import's statements run in this very process; without a turn of the event loop between chunks
    // no socket would be read until the whole file was in.
    const server = createServer((_request, response) => {
      void patrons().then((list) => response.end(String(list.length)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const rows = Array.from({ length: 2_000 }, (_, i) => `0300${String(i).padStart(4, '0')},利用者 ${i},,1990-01-02,0312345678,`);
    writeFileSync(file, ['card_number,name,name_kana,birth_date,phone,email', ...rows].join('\n'));
    let done = 0;
    let request: Promise<{ atDone: number; patrons: number }> | undefined;
    try {
      await importPatronFile(database.db, file, defaultRules, now, {
        onProgress: (progress) => {
          done = progress;
          request ??= fetch(`http://127.0.0.1:${port}/`)
            .then((response) => response.text())
            .then((body) => ({ atDone: done, patrons: Number(body) }));
        },
      });
      const answered = await request!;
      expect(answered.atDone).toBeLessThanOrEqual(1_000);
      expect(answered.patrons).toBeLessThan(1_000);
    } finally {
      server.close();
    }
  });

  it('refuses a file without the required columns, and one that cannot be read', async () => {
    writeFileSync(file, 'card,name\n01000101,x\n');
    await expect(importPatronFile(database.db, file, defaultRules, now)).rejects.toThrow(
      /lacks the column\(s\) card_number, name_kana, birth_date, phone/,
    );
    await expect(importPatronFile(database.db, path.join(dir, 'missing.csv'), defaultRules, now)).rejects.toThrow(/cannot be read/);
  });
});
