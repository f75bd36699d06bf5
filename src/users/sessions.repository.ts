import { Injectable } from '@nestjs/common';
import { and, count, eq, gte, lt, ne, or } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { loginFailures, users, userSessions, type UserRow, type UserSessionRow } from './users.schema.js';

@Injectable()
export class SessionsRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async create(values: UserSessionRow): Promise<void> {
    await this.db.insert(userSessions).values(values);
  }

  /** The session and its user in one query: this runs on every console request. */
  async findWithUser(idHash: string): Promise<{ session: UserSessionRow; user: UserRow } | undefined> {
    const [row] = await this.db.select({ session: userSessions, user: users }).from(userSessions).innerJoin(users, eq(users.id, userSessions.userId)).where(eq(userSessions.idHash, idHash));
    return row;
  }

  async touch(idHash: string, at: Date): Promise<void> {
    await this.db.update(userSessions).set({ lastSeenAt: at }).where(eq(userSessions.idHash, idHash));
  }

  async delete(idHash: string): Promise<void> {
    await this.db.delete(userSessions).where(eq(userSessions.idHash, idHash));
  }

  async deleteAllOf(userId: string, except?: string): Promise<number> {
    const rows = await this.db
      .delete(userSessions)
      .where(except === undefined ? eq(userSessions.userId, userId) : and(eq(userSessions.userId, userId), ne(userSessions.idHash, except)))
      .returning({ idHash: userSessions.idHash });
    return rows.length;
  }

  async countOf(userId: string): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(userSessions).where(eq(userSessions.userId, userId));
    return row?.n ?? 0;
  }

  /** Expired sessions and old failure records: housekeeping, so both tables stay small. */
  async deleteExpired(now: Date, idleBefore: Date, failuresBefore: Date): Promise<void> {
    await this.db.delete(userSessions).where(or(lt(userSessions.expiresAt, now), lt(userSessions.lastSeenAt, idleBefore)));
    await this.db.delete(loginFailures).where(lt(loginFailures.failedAt, failuresBefore));
  }

  async recordFailure(keys: readonly string[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    await this.db.insert(loginFailures).values(keys.map((key) => ({ key, failedAt: at })));
  }

  async failuresSince(key: string, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(loginFailures)
      .where(and(eq(loginFailures.key, key), gte(loginFailures.failedAt, since)));
    return row?.n ?? 0;
  }

  async clearFailures(key: string): Promise<void> {
    await this.db.delete(loginFailures).where(eq(loginFailures.key, key));
  }
}
