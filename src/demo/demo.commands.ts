/** The demo library's admin command. */
import { AdminRefusal, type AdminCommand } from '../admin/admin-command.ts';
import { seedDemo } from './seed.ts';

export const seedDemoCommand: AdminCommand = {
  usage: 'seed-demo              load the demo library',
  run: async ({ database, config, clock, io }) => {
    if (config.production)
      throw new AdminRefusal('seed-demo is refused with NODE_ENV=production: the demo library never goes into a real library');
    await seedDemo(database.db, config, clock);
    io.out('Demo library loaded.');
  },
};
