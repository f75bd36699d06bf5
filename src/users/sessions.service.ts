import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AuditService } from '#src/audit/audit.service.js';
import { AppConfig } from '#src/config/app-config.js';
import { Clock } from '#src/system/clock.js';
import { dummyPasswordHash, verifyPassword } from './password-hasher.js';
import { SessionsRepository } from './sessions.repository.js';
import { UsersRepository } from './users.repository.js';
import type { UserRow, UserSessionRow } from './users.schema.js';
import { principalOf } from './users.service.js';

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export type LoginOutcome =
  | { kind: 'ok'; sessionId: string; user: UserRow }
  /** Unknown email, wrong password, no password yet or disabled: one answer for all. */
  | { kind: 'refused' }
  | { kind: 'throttled'; retryAfterSeconds: number };

export interface ActiveSession {
  user: UserRow;
  session: UserSessionRow;
  /** The raw id, from the cookie: the CSRF token derives from it. */
  sessionId: string;
}

// Writing last_seen_at on every request would make each page view a write; a minute is precise enough.
const TOUCH_RESOLUTION_MS = 60_000;

export const hashSessionId = (sessionId: string): string => createHash('sha256').update(sessionId).digest('hex');

/** Login, the session behind the console's cookie, logout. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, origin: RequestOrigin): Promise<LoginOutcome> {
    const now = this.clock.now();
    const keys = throttleKeys(email, origin.ip);
    const retryAfterSeconds = await this.throttled(keys, now);
    if (retryAfterSeconds > 0) {
      await this.audit.recordAnonymous(email.slice(0, 254), 'login.throttled', { type: 'user', id: email.slice(0, 254) }, { ip: origin.ip });
      return { kind: 'throttled', retryAfterSeconds };
    }
    const user = await this.users.findByEmail(email.trim());
    // Always one scrypt, so an unknown email answers as slowly as a wrong password.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !user.passwordHash || !matches || user.disabledAt) {
      await this.sessions.recordFailure([keys.account, keys.ip].filter((k): k is string => k !== null), now);
      await this.audit.recordAnonymous(email.slice(0, 254), 'login.failed', { type: 'user', id: user?.id ?? email.slice(0, 254) }, { ip: origin.ip, reason: failureReason(user, matches) });
      return { kind: 'refused' };
    }
    await this.sessions.clearFailures(keys.account);
    const sessionId = randomBytes(32).toString('base64url');
    await this.sessions.create({
      idHash: hashSessionId(sessionId),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.console.sessionMaxHours * 3_600_000),
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 512) ?? null,
    });
    await this.users.update(user.id, { lastLoginAt: now });
    await this.audit.record(principalOf(user), 'login', { type: 'user', id: user.id }, { ip: origin.ip });
    return { kind: 'ok', sessionId, user };
  }

  /** The live session for a cookie value, or null (unknown, expired, idle too long, user disabled). */
  async authenticate(sessionId: string): Promise<ActiveSession | null> {
    if (sessionId.length < 20 || sessionId.length > 100) return null;
    const idHash = hashSessionId(sessionId);
    const found = await this.sessions.findWithUser(idHash);
    if (!found) return null;
    const now = this.clock.now();
    const idleSince = now.getTime() - found.session.lastSeenAt.getTime();
    if (found.session.expiresAt <= now || idleSince > this.config.console.sessionIdleMinutes * 60_000 || found.user.disabledAt) {
      await this.sessions.delete(idHash);
      return null;
    }
    if (idleSince > TOUCH_RESOLUTION_MS) await this.sessions.touch(idHash, now);
    return { ...found, sessionId };
  }

  async logout(active: ActiveSession): Promise<void> {
    await this.sessions.delete(active.session.idHash);
    await this.audit.record(principalOf(active.user), 'logout', { type: 'user', id: active.user.id });
  }

  /** Ends every other session of the user; returns how many. */
  async logoutOthers(active: ActiveSession): Promise<number> {
    const ended = await this.sessions.deleteAllOf(active.user.id, active.session.idHash);
    await this.audit.record(principalOf(active.user), 'logout.others', { type: 'user', id: active.user.id }, { ended });
    return ended;
  }

  async otherSessionCount(active: ActiveSession): Promise<number> {
    return (await this.sessions.countOf(active.user.id)) - 1;
  }

  async removeExpired(): Promise<void> {
    const now = this.clock.now();
    const { sessionIdleMinutes, login } = this.config.console;
    await this.sessions.deleteExpired(now, new Date(now.getTime() - sessionIdleMinutes * 60_000), new Date(now.getTime() - login.windowMinutes * 60_000));
  }

  /** Seconds until the caller may try again; 0 when not throttled. */
  private async throttled(keys: { account: string; ip: string | null }, now: Date): Promise<number> {
    const { maxFailuresPerAccount, maxFailuresPerIp, windowMinutes } = this.config.console.login;
    const since = new Date(now.getTime() - windowMinutes * 60_000);
    const overAccount = (await this.sessions.failuresSince(keys.account, since)) >= maxFailuresPerAccount;
    const overIp = keys.ip !== null && (await this.sessions.failuresSince(keys.ip, since)) >= maxFailuresPerIp;
    return overAccount || overIp ? windowMinutes * 60 : 0;
  }
}

function throttleKeys(email: string, ip: string | null): { account: string; ip: string | null } {
  return { account: `account:${email.trim().toLowerCase()}`, ip: ip === null ? null : `ip:${ip}` };
}

function failureReason(user: UserRow | undefined, matches: boolean): string {
  if (!user) return 'unknown-email';
  if (!user.passwordHash) return 'no-password-set';
  if (!matches) return 'wrong-password';
  return 'disabled';
}
