/**
 * `bounce`: one returned mail on stdin, as a mail server pipes it
 * (SPEC §10, §13). Exit 0 when it was understood (a bounce recorded, an
 * auto-reply or delay ignored, or a bounce naming no known message, with a
 * warning); 2 when the input is not a mail.
 */
import type { AdminCommand } from '../admin/admin-command.ts';
import { describeOutcome, handleReturnedMail } from './bounce.ts';

export const bounceCommand: AdminCommand = {
  usage: 'bounce                        read one returned mail from stdin and record it (exit 2: not a mail)',
  besideServer: true,
  run: async ({ database, config, clock, io }) => {
    const raw = Buffer.from(await io.stdin(), 'utf8');
    const said = describeOutcome(await handleReturnedMail(database.db, config, raw, clock.now()));
    for (const line of said.out) io.out(line);
    if (said.warning) io.err.write(`${said.warning}\n`);
    return said.exitCode;
  },
};
