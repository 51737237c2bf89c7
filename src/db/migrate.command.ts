/** `migrate`: opening the database already applied the migrations, so the command only says so. */
import type { AdminCommand } from '../admin/admin-command.ts';

export const migrateCommand: AdminCommand = {
  usage: 'migrate                apply migrations',
  run: ({ io }) => Promise.resolve(io.out('Migrations applied; the database is up to date.')),
};
