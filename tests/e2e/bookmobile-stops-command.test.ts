/**
 * import-bookmobile-stops beside the running server on the embedded
 * database (SPEC §9): forwarded over the data folder's channel, a CP932 file
 * taken whole, a file with a bad line refused with its line and nothing kept.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runAdmin, startService } from '../support/process.ts';
import { tempDirsForThisFile } from '../support/temp-dirs.ts';

const tempDir = tempDirsForThisFile();

describe('import-bookmobile-stops beside the running server', () => {
  it('lists the stops of a CP932 file, and refuses a file with a bad line', async () => {
    const DATA_DIR = tempDir('library-data-');
    const server = await startService({ DATA_DIR, DEMO: '0' }, 'node', 150_000);
    try {
      const operatorDir = tempDir('operator-');
      writeFileSync(path.join(operatorDir, 'bad.csv'), 'station,date,kind\nbm-kita,2027-01-07,cancel\nmain,2027-01-08,stop\n');
      const refused = runAdmin(['import-bookmobile-stops', 'bad.csv'], { DATA_DIR }, { cwd: operatorDir });
      expect(refused.status).toBe(1);
      expect(refused.output).toContain('Line 3: “main” is not the code of a bookmobile station.');
      expect(refused.output).toContain('Error: bad.csv: nothing imported');

      writeFileSync(
        path.join(operatorDir, '停車日.csv'),
        iconv.encode('station,date,kind,note\r\nbm-kita,2027-01-07,運休,車両点検\r\n', 'cp932'),
      );
      const imported = runAdmin(['import-bookmobile-stops', '停車日.csv', '--encoding', 'cp932'], { DATA_DIR }, { cwd: operatorDir });
      expect(imported.output).toContain('imported 1 stop changes; moved 0 ready holds to a later stop');
      expect(imported.status).toBe(0);
      expect((await fetch(`${server.url}readyz`)).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 240_000);
});
