/** The staff's admin command: the first admin (and password resets) without a staff page. */
import { AdminRefusal, type AdminCommand } from '../admin/admin-command.ts';
import { hashPassword } from '../auth/password-hash.ts';
import { saveStaff } from './staff.repo.ts';
import { parseRole, parseUsername, STAFF_PASSWORD_LENGTH, staffPasswordProblem } from './staff.rules.ts';

export const addStaffCommand: AdminCommand = {
  usage: 'add-staff USERNAME --role desk|admin   create a staff account (or reset its password); password from stdin',
  run: async ({ database, args, io }) => {
    const [name, flag, roleName] = args;
    const username = parseUsername(name ?? '');
    const role = flag === '--role' ? parseRole(roleName) : null;
    if (!username.ok || !role)
      throw new AdminRefusal(
        'add-staff needs a username (2-32 of a-z 0-9 . _ -) and a role: npm run admin -- add-staff USERNAME --role desk|admin',
      );
    const password = (await io.stdin()).replace(/\r?\n$/, '');
    if (staffPasswordProblem(password))
      throw new AdminRefusal(
        `the password (read from stdin) must be ${STAFF_PASSWORD_LENGTH.min} to ${STAFF_PASSWORD_LENGTH.max} characters`,
      );
    const outcome = await saveStaff(database.db, { username: username.username, role, passwordHash: await hashPassword(password) });
    io.out(`Staff account ${username.username} (${role}) ${outcome}.`);
  },
};
