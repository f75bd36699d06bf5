import { Injectable } from '@nestjs/common';
import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { users, userTokens, type StaffLocale, type StaffRole, type UserRow, type UserTokenPurpose } from './users.schema.js';

export interface NewUser {
  email: string;
  name: string;
  role: StaffRole;
  locale?: StaffLocale;
  timeZone?: string;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(users);
    return row?.n ?? 0;
  }

  async hasActiveAdmin(): Promise<boolean> {
    const [row] = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
      .limit(1);
    return row !== undefined;
  }

  /** Undefined when the email is taken (case-insensitively). */
  async create(user: NewUser): Promise<UserRow | undefined> {
    const [row] = await this.db.insert(users).values(user).onConflictDoNothing().returning();
    return row;
  }

  async findById(id: string): Promise<UserRow | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row;
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email})`);
    return row;
  }

  async listAll(): Promise<UserRow[]> {
    return this.db.select().from(users).orderBy(asc(sql`lower(${users.email})`));
  }

  async update(id: string, values: Partial<Pick<UserRow, 'name' | 'role' | 'locale' | 'timeZone' | 'passwordHash' | 'disabledAt' | 'lastLoginAt'>>): Promise<UserRow | undefined> {
    const [row] = await this.db.update(users).set(values).where(eq(users.id, id)).returning();
    return row;
  }

  async createToken(values: { tokenHash: string; purpose: UserTokenPurpose; userId: string | null; createdAt: Date; expiresAt: Date }): Promise<void> {
    await this.db.insert(userTokens).values(values);
  }

  /** Marks an unused, unexpired token used and returns it; undefined when it was not valid. */
  async consumeToken(tokenHash: string, purpose: UserTokenPurpose, now: Date): Promise<{ userId: string | null } | undefined> {
    const [row] = await this.db
      .update(userTokens)
      .set({ usedAt: now })
      .where(and(eq(userTokens.tokenHash, tokenHash), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)))
      .returning({ userId: userTokens.userId });
    return row;
  }

  async findValidToken(tokenHash: string, purpose: UserTokenPurpose, now: Date): Promise<{ userId: string | null } | undefined> {
    const [row] = await this.db
      .select({ userId: userTokens.userId })
      .from(userTokens)
      .where(and(eq(userTokens.tokenHash, tokenHash), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)));
    return row;
  }

  /** A new link replaces the user's older unused ones. */
  async revokeUnusedTokensOf(userId: string, now: Date): Promise<void> {
    await this.db
      .update(userTokens)
      .set({ usedAt: now })
      .where(and(eq(userTokens.userId, userId), isNull(userTokens.usedAt)));
  }
}
