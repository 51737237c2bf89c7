/**
 * `npm run admin -- bounce` beside the running server on the embedded
 * database (SPEC §9, §10): the mail on stdin is forwarded to the server, and
 * the exit code says whether it was understood.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAdmin, startService } from '../support/process.ts';

const DATA_DIR = mkdtempSync(path.join(tmpdir(), 'library-bounce-'));
afterAll(() => rmSync(DATA_DIR, { recursive: true, force: true }));

function sample(name: string): string {
  return readFileSync(new URL(`../fixtures/bounces/${name}.eml`, import.meta.url), 'utf8');
}

describe('bounce beside the running server', () => {
  it('reads the mail on stdin there: 0 when understood, 2 for input that is not a mail', async () => {
    const env = { DATA_DIR, DEMO: '0', BOUNCE_ADDRESS: 'bounce@library.example.jp' };
    const server = await startService(env);
    try {
      const unknown = runAdmin(['bounce'], env, { input: sample('lhost-gmail-01') });
      expect(unknown.output).toContain('hard bounce 5.1.1 (Gmail); no known message');
      expect(unknown.output).toContain('names no message this library sent');
      expect(unknown.status).toBe(0);

      const autoReply = runAdmin(['bounce'], env, { input: sample('rfc3834-01') });
      expect(autoReply.output).toContain('ignored: an auto-reply');
      expect(autoReply.status).toBe(0);

      const notMail = runAdmin(['bounce'], env, { input: 'hello\n' });
      expect(notMail.output).toContain('the input is not a mail');
      expect(notMail.status).toBe(2);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 180_000);
});
