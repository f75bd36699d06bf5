import { Injectable } from '@nestjs/common';
import { AuditService } from '#src/audit/audit.service.js';
import type { Principal } from '#src/auth/roles.js';
import { AppConfig } from '#src/config/app-config.js';
import { Clock } from '#src/system/clock.js';
import { hashLinkToken, newLinkToken, PASSWORD_LINK_HOURS, SETUP_LINK_HOURS } from './one-time-link.js';
import { checkNewPassword, hashPassword, verifyPassword, type PasswordProblem } from './password-hasher.js';
import { SessionsRepository } from './sessions.repository.js';
import { readStaffEmail, readStaffName } from './staff-email.js';
import { UsersRepository } from './users.repository.js';
import type { StaffLocale, StaffRole, UserRow } from './users.schema.js';

export type UserInputProblem = 'email' | 'name' | 'email-taken' | PasswordProblem;

export class UserInputError extends Error {
  constructor(readonly problem: UserInputProblem) {
    super(`invalid user input: ${problem}`);
    this.name = 'UserInputError';
  }
}

/** A link that was never valid, is used, expired, or (setup) lost its point because an admin exists. */
export class InvalidLinkError extends Error {
  constructor() {
    super('link invalid, used or expired');
    this.name = 'InvalidLinkError';
  }
}

export const principalOf = (user: Pick<UserRow, 'email' | 'role'>): Principal => ({ tokenId: null, name: user.email, role: user.role });
const hoursFrom = (now: Date, hours: number): Date => new Date(now.getTime() + hours * 3_600_000);

/** Staff accounts: the first admin, invitations, passwords, roles. Sessions are in SessionsService. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** A one-time link that creates the first admin; null once any admin exists. */
  async setupLinkIfNoAdmin(): Promise<string | null> {
    if (await this.users.hasActiveAdmin()) return null;
    const now = this.clock.now();
    const { token, tokenHash } = newLinkToken();
    await this.users.createToken({ tokenHash, purpose: 'setup', userId: null, createdAt: now, expiresAt: hoursFrom(now, SETUP_LINK_HOURS) });
    return `${this.config.http.publicUrl}/admin/setup?token=${token}`;
  }

  async isSetupLinkValid(token: string): Promise<boolean> {
    if (await this.users.hasActiveAdmin()) return false;
    return (await this.users.findValidToken(hashLinkToken(token), 'setup', this.clock.now())) !== undefined;
  }

  async completeSetup(token: string, input: { email: unknown; name: unknown; password: string; locale: StaffLocale }): Promise<UserRow> {
    const fields = readUserFields(input);
    if (await this.users.hasActiveAdmin()) throw new InvalidLinkError();
    const passwordHash = await newPasswordHash(input.password);
    if (!(await this.users.consumeToken(hashLinkToken(token), 'setup', this.clock.now()))) throw new InvalidLinkError();
    const user = await this.users.create({ ...fields, role: 'admin', locale: input.locale });
    if (!user) throw new UserInputError('email-taken');
    await this.users.update(user.id, { passwordHash });
    await this.audit.record(principalOf(user), 'user.setup', { type: 'user', id: user.id }, { email: user.email });
    return user;
  }

  /** A new account without a password, and the one-time link that lets its owner choose one. */
  async invite(actor: Principal, input: { email: unknown; name: unknown; role: StaffRole; locale?: StaffLocale }): Promise<{ user: UserRow; link: string }> {
    const fields = readUserFields(input);
    const user = await this.users.create({ ...fields, role: input.role, locale: input.locale ?? 'de' });
    if (!user) throw new UserInputError('email-taken');
    await this.audit.record(actor, 'user.invite', { type: 'user', id: user.id }, { email: user.email, role: user.role });
    return { user, link: await this.passwordLink(user.id) };
  }

  /** Replaces any earlier unused link of the user. Null for an unknown email. */
  async resetLink(actor: Principal, email: string): Promise<string | null> {
    const user = await this.users.findByEmail(email.trim());
    if (!user) return null;
    await this.audit.record(actor, 'user.password-reset-link', { type: 'user', id: user.id }, { email: user.email });
    return this.passwordLink(user.id);
  }

  async userForPasswordLink(token: string): Promise<UserRow | undefined> {
    const valid = await this.users.findValidToken(hashLinkToken(token), 'password', this.clock.now());
    return valid?.userId ? this.users.findById(valid.userId) : undefined;
  }

  /** Sets the password and ends every session of the user (a reset may follow a stolen one). */
  async setPasswordWithLink(token: string, password: string): Promise<UserRow> {
    const passwordHash = await newPasswordHash(password);
    const used = await this.users.consumeToken(hashLinkToken(token), 'password', this.clock.now());
    const user = used?.userId ? await this.users.update(used.userId, { passwordHash }) : undefined;
    if (!user) throw new InvalidLinkError();
    await this.sessions.deleteAllOf(user.id);
    await this.audit.record(principalOf(user), 'user.password-set', { type: 'user', id: user.id });
    return user;
  }

  /** False when the current password is wrong; other sessions end, this one stays. */
  async changePassword(user: UserRow, current: string, next: string, keepSession: string): Promise<boolean> {
    const passwordHash = await newPasswordHash(next);
    if (!user.passwordHash || !(await verifyPassword(current, user.passwordHash))) return false;
    await this.users.update(user.id, { passwordHash });
    await this.sessions.deleteAllOf(user.id, keepSession);
    await this.audit.record(principalOf(user), 'user.password-change', { type: 'user', id: user.id });
    return true;
  }

  async updatePreferences(user: UserRow, values: { locale?: StaffLocale; timeZone?: string }): Promise<void> {
    await this.users.update(user.id, values);
  }

  async changeRole(actor: Principal, userId: string, role: StaffRole): Promise<UserRow | undefined> {
    const user = await this.users.update(userId, { role });
    if (user) await this.audit.record(actor, 'user.role', { type: 'user', id: userId }, { role });
    return user;
  }

  /** A disabled user's sessions end at once; enabling again needs no new password. */
  async setDisabled(actor: Principal, userId: string, disabled: boolean): Promise<UserRow | undefined> {
    const user = await this.users.update(userId, { disabledAt: disabled ? this.clock.now() : null });
    if (!user) return undefined;
    if (disabled) await this.sessions.deleteAllOf(userId);
    await this.audit.record(actor, disabled ? 'user.disable' : 'user.enable', { type: 'user', id: userId });
    return user;
  }

  async list(): Promise<UserRow[]> {
    return this.users.listAll();
  }

  private async passwordLink(userId: string): Promise<string> {
    const now = this.clock.now();
    await this.users.revokeUnusedTokensOf(userId, now);
    const { token, tokenHash } = newLinkToken();
    await this.users.createToken({ tokenHash, purpose: 'password', userId, createdAt: now, expiresAt: hoursFrom(now, PASSWORD_LINK_HOURS) });
    return `${this.config.http.publicUrl}/admin/password?token=${token}`;
  }
}

function readUserFields(input: { email: unknown; name: unknown }): { email: string; name: string } {
  const email = readStaffEmail(input.email);
  if (!email) throw new UserInputError('email');
  const name = readStaffName(input.name);
  if (!name) throw new UserInputError('name');
  return { email, name };
}

async function newPasswordHash(password: string): Promise<string> {
  const problem = checkNewPassword(password);
  if (problem) throw new UserInputError(problem);
  return hashPassword(password);
}
