/**
 * patron-data and delete-patron beside the running server on the embedded
 * database (SPEC §9, §12): forwarded over the data folder's channel, with
 * the demo library's 山田 花子 (01000001), who has loans out.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PatronData } from '../../src/privacy/patron-data.repo.ts';
import { runAdmin, startService } from '../support/process.ts';
import { tempDirsForThisFile } from '../support/temp-dirs.ts';

const tempDir = tempDirsForThisFile();

describe('privacy commands beside the running server', () => {
  it('prints a patron’s data, refuses to delete one with loans out, and deletes one with nothing out', async () => {
    const DATA_DIR = tempDir('library-data-');
    // A cold start seeds the demo library: on a busy machine that takes longer than the default minute.
    const server = await startService({ DATA_DIR }, 'node', 150_000);
    try {
      const data = runAdmin(['patron-data', '01000001'], { DATA_DIR });
      expect(data.status).toBe(0);
      const parsed = JSON.parse(data.output) as PatronData;
      expect(parsed.cardNumber).toBe('01000001');
      expect(parsed.loansOut.length).toBeGreaterThan(0);
      expect(parsed.readingRecord).toEqual([]);

      const refused = runAdmin(['delete-patron', '01000001'], { DATA_DIR });
      expect(refused.status).toBe(1);
      expect(refused.output).toMatch(/^Error: patron 01000001 still has \d+ item\(s\) on loan: check them in first; nothing was deleted/);

      const operatorDir = tempDir('operator-');
      writeFileSync(
        path.join(operatorDir, 'patron.csv'),
        'card_number,name,name_kana,birth_date,phone,email\n01009998,消去 次郎,ショウキョ ジロウ,1980-05-06,090-3333-4444,\n',
      );
      expect(runAdmin(['import-patrons', 'patron.csv'], { DATA_DIR }, { cwd: operatorDir }).status).toBe(0);
      const deleted = runAdmin(['delete-patron', '01009998'], { DATA_DIR });
      expect(deleted.output).toContain('deleted patron 01009998: 0 active hold(s) cancelled');
      expect(deleted.status).toBe(0);
      const gone = runAdmin(['patron-data', '01009998'], { DATA_DIR });
      expect([gone.status, gone.output]).toEqual([1, 'Error: no patron has the card number 01009998\n']);
      expect((await fetch(`${server.url}readyz`)).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 240_000);
});
