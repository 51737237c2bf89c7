/**
 * Without SMTP_URL the delivered mail is kept as .eml files in DATA_DIR
 * (SPEC §8): they hold the same bodies (titles, places, one-time links) as
 * the outbox rows, so they go after the same period.
 */
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { mailFolder } from '../mail/mail.transport.ts';

/** Deletes the .eml files in the data folder's mail folder written before `before`; how many. */
export async function deleteOldMailFiles(dataDir: string, before: Date): Promise<number> {
  const folder = mailFolder(dataDir);
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  let deleted = 0;
  for (const name of names.filter((n) => n.endsWith('.eml'))) {
    const file = path.join(folder, name);
    if ((await stat(file)).mtime < before) {
      await unlink(file);
      deleted += 1;
    }
  }
  return deleted;
}
