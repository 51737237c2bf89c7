/**
 * Admin commands beside the running server on the embedded database (SPEC §9):
 * the ones a library runs while open are forwarded over the data folder's
 * socket; the others stop with the "in use" message; nothing else gets in.
 */
import { statSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdmin, startService } from '../support/process.ts';
import { tempDirsForThisFile } from '../support/temp-dirs.ts';

const tempDir = tempDirsForThisFile();

/** What the server answers a connection that presents `token`: its lines, until it closes the connection. */
function answerTo(socketPath: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = net.connect(socketPath, () =>
      socket.write(`${JSON.stringify({ token, command: 'run-jobs', args: [], cwd: '/', errIsTTY: false })}\n`),
    );
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('admin commands beside the running server', () => {
  it('forwards imports and run-jobs, refuses the rest, and lets no stranger in', async () => {
    const DATA_DIR = tempDir('library-data-');
    const server = await startService({ DATA_DIR, DEMO: '0' });
    try {
      const socketPath = path.join(DATA_DIR, 'admin.sock');
      expect(statSync(socketPath).mode & 0o777).toBe(0o600);
      expect(statSync(path.join(DATA_DIR, 'admin-channel.token')).mode & 0o777).toBe(0o600);

      // A file named relative to where the operator stands, not to the server's folder.
      const operatorDir = tempDir('operator-');
      writeFileSync(
        path.join(operatorDir, 'patrons.csv'),
        'card_number,name,name_kana,birth_date,phone,email\n01009999,図書 花子,トショ ハナコ,1990-01-02,090-1111-2222,\n',
      );
      const imported = runAdmin(['import-patrons', 'patrons.csv'], { DATA_DIR }, { cwd: operatorDir });
      expect(imported.output).toContain('read 1, imported 1, updated 0, unchanged 0, skipped 0');
      expect(imported.status).toBe(0);
      expect(runAdmin(['import-patrons', 'missing.csv'], { DATA_DIR }, { cwd: operatorDir }).status).toBe(1);

      const jobs = runAdmin(['run-jobs', '--date', '2026-12-20'], { DATA_DIR });
      expect(jobs.output).toContain('hold-shelf-expiry (2026-12-20): holds expired, not collected in time: 0');
      expect(jobs.status).toBe(0);
      const badDate = runAdmin(['run-jobs', '--date', 'tomorrow'], { DATA_DIR });
      expect([badDate.status, badDate.output]).toEqual([1, expect.stringContaining('Error: run-jobs takes nothing or --date')]);

      const migrate = runAdmin(['migrate'], { DATA_DIR });
      expect(migrate.status).toBe(1);
      expect(migrate.output).toMatch(/The embedded database in .* is in use by process \d+/);

      expect(await answerTo(socketPath, 'f'.repeat(64))).toBe('');
      expect(await answerTo(socketPath, 'short')).toBe('');
      expect((await fetch(`${server.url}readyz`)).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(existsSync(path.join(DATA_DIR, 'admin.sock'))).toBe(false);
    expect(existsSync(path.join(DATA_DIR, 'admin-channel.token'))).toBe(false);
    const alone = runAdmin(['run-jobs'], { DATA_DIR });
    expect(alone.output).toMatch(/hold-shelf-expiry \(\d{4}-\d{2}-\d{2}\): holds expired, not collected in time: 0/);
    expect(alone.status).toBe(0);
  }, 180_000);
});
