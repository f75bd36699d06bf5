import { Injectable } from '@nestjs/common';
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { auditLog, type AuditRow } from './audit.schema.js';

export type NewAuditEntry = Omit<AuditRow, 'id'>;

export interface AuditQuery {
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Rows with a smaller id than this (the previous page's cursor). */
  before?: number;
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async append(entry: NewAuditEntry): Promise<void> {
    await this.db.insert(auditLog).values(entry);
  }

  /** Newest first. */
  async find(query: AuditQuery): Promise<AuditRow[]> {
    const conditions: SQL[] = [];
    if (query.actor) conditions.push(eq(auditLog.actorName, query.actor));
    if (query.action) conditions.push(eq(auditLog.action, query.action));
    if (query.from) conditions.push(gte(auditLog.createdAt, query.from));
    if (query.to) conditions.push(lte(auditLog.createdAt, query.to));
    if (query.before !== undefined) conditions.push(lt(auditLog.id, query.before));
    return this.db
      .select()
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(desc(auditLog.id))
      .limit(query.limit);
  }
}
