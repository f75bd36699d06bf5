import { Injectable } from '@nestjs/common';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { apiTokens, type ApiTokenRow } from './api-tokens.schema.js';
import type { Role } from './roles.js';

@Injectable()
export class ApiTokensRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async create(values: { name: string; role: Role; tokenHash: string; prefix: string }): Promise<ApiTokenRow> {
    const [row] = await this.db.insert(apiTokens).values(values).returning();
    return row;
  }

  async findActiveByHash(tokenHash: string): Promise<ApiTokenRow | undefined> {
    const [row] = await this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
      .limit(1);
    return row;
  }

  async listAll(): Promise<ApiTokenRow[]> {
    return this.db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
  }

  /** Returns false when no active token has that id. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: at })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  }
}
