/**
 * Every admin command that works on the open database (`npm run admin -- <command>`).
 * Each feature keeps its command beside its code; this table only names them.
 */
import type { AdminCommand } from './admin-command.ts';
import { importCatalogCommand, importCopiesCommand } from '../catalog/catalog.commands.ts';
import { importPatronsCommand } from '../patrons/patrons.commands.ts';
import { addStaffCommand } from '../staff/staff.commands.ts';
import { seedDemoCommand } from '../demo/demo.commands.ts';
import { migrateCommand } from '../db/migrate.command.ts';
import { runJobsCommand } from '../jobs/run-jobs.command.ts';
import { deletePatronCommand, patronDataCommand } from '../privacy/privacy.commands.ts';
import { bounceCommand } from '../mail/bounce.command.ts';
import { importBookmobileStopsCommand } from '../calendar/bookmobile.commands.ts';

export const adminCommands: Record<string, AdminCommand> = {
  migrate: migrateCommand,
  'import-catalog': importCatalogCommand,
  'add-staff': addStaffCommand,
  'import-patrons': importPatronsCommand,
  'import-copies': importCopiesCommand,
  'seed-demo': seedDemoCommand,
  'run-jobs': runJobsCommand,
  'patron-data': patronDataCommand,
  'delete-patron': deletePatronCommand,
  bounce: bounceCommand,
  'import-bookmobile-stops': importBookmobileStopsCommand,
};
