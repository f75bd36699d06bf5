import type { Role } from '#src/auth/roles.js';
import { UsersService } from '#src/users/users.service.js';
import { ConsoleClient } from './console-client.js';
import type { TestApp } from './test-app.js';

export interface StaffMember {
  email: string;
  password: string;
  role: Role;
}

/** A staff account with a password, made the way an admin invites one (invite link, then password). */
export async function createStaff(app: TestApp, member: StaffMember, name = member.email.split('@')[0]): Promise<void> {
  const users = app.app.get(UsersService);
  const { link } = await users.invite({ tokenId: null, name: 'test', role: 'admin' }, { email: member.email, name, role: member.role });
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  await users.setPasswordWithLink(token, member.password);
}

/** A console client logged in as a new staff member of the given role. */
export async function loggedInStaff(app: TestApp, member: StaffMember): Promise<ConsoleClient> {
  await createStaff(app, member);
  const client = new ConsoleClient(app);
  const status = await client.login(member.email, member.password);
  if (status !== 303) throw new Error(`login of ${member.email} answered ${status}`);
  return client;
}
