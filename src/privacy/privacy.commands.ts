/** `patron-data CARD` and `delete-patron CARD` (SPEC §10, §12): both run beside the server, forwarded to it on the embedded database. */
import { AdminRefusal, type AdminCommand } from '../admin/admin-command.ts';
import { circulationContext } from '../circulation/circulation.repo.ts';
import type { Config } from '../config.ts';
import { parseCardNumber } from '../patrons/patron.rules.ts';
import { deletePatron } from './delete-patron.repo.ts';
import { patronData } from './patron-data.repo.ts';

function cardArgument(command: string, args: string[], config: Config): string {
  const [input] = args;
  const card = args.length === 1 && input !== undefined ? parseCardNumber(input, config.rules.cardNumberPattern) : null;
  if (!card?.ok) {
    throw new AdminRefusal(
      `${command} takes one card number (${config.rules.cardNumberFormat.en}): npm run admin -- ${command} ${config.rules.cardNumberExample}`,
    );
  }
  return card.cardNumber;
}

export const patronDataCommand: AdminCommand = {
  usage: 'patron-data CARD   print, as JSON, everything stored about one patron (開示請求)',
  besideServer: true,
  run: async ({ database, config, clock, args, io }) => {
    const card = cardArgument('patron-data', args, config);
    const data = await patronData(database.db, card, clock.now());
    if (!data) throw new AdminRefusal(`no patron has the card number ${card}`);
    io.out(JSON.stringify(data, null, 2));
  },
};

export const deletePatronCommand: AdminCommand = {
  usage: 'delete-patron CARD   erase a patron with nothing on loan; their past loans stay only as anonymous statistics',
  besideServer: true,
  run: async ({ database, config, clock, args, io }) => {
    const card = cardArgument('delete-patron', args, config);
    const ctx = await circulationContext(database.db, config, clock.now(), null);
    const outcome = await deletePatron(database.db, ctx, card);
    switch (outcome.kind) {
      case 'unknown':
        throw new AdminRefusal(`no patron has the card number ${card}`);
      case 'loansOut':
        throw new AdminRefusal(`patron ${card} still has ${outcome.loans} item(s) on loan: check them in first; nothing was deleted`);
      case 'holdPlaced':
        throw new AdminRefusal(`a hold was placed for patron ${card} meanwhile; nothing was deleted: run the command again`);
      case 'deleted':
        io.out(
          `deleted patron ${card}: ${outcome.holdsCancelled} active hold(s) cancelled, ${outcome.readingRecordUnlinked} loan(s) of the reading record and ${outcome.holdsUnlinked} finished hold(s) kept only as anonymous statistics, ${outcome.mailDeleted} mail(s) deleted`,
        );
    }
  },
};
