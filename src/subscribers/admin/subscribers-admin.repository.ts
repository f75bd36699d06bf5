import { Injectable } from '@nestjs/common';
import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { consentEvents, subscriberErasures, subscriberNewsletters, subscribers, suppressions, type SubscriberStatus } from '#src/subscribers/subscribers.schema.js';
import type { NewConsentEvent, NewSubscriber, SubscriberRow } from '#src/subscribers/subscribers.repository.js';

export interface SubscriberFilter {
  status?: SubscriberStatus;
  newsletter?: string;
  createdFrom?: Date;
  createdTo?: Date;
  confirmedFrom?: Date;
  confirmedTo?: Date;
  /** Substring of email or name, case-insensitive. */
  text?: string;
}

export interface PageCursor {
  createdAt: Date;
  id: string;
}

export type SubscriberWithNewsletters = SubscriberRow & { newsletters: string[] };

/** Admin queries: search, counts, bulk import inserts and erasure. */
@Injectable()
export class SubscribersAdminRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Newest first, keyset-paged on (created_at, id). */
  async search(filter: SubscriberFilter, after: PageCursor | null, limit: number): Promise<SubscriberWithNewsletters[]> {
    const conditions = [filterSql(filter)];
    if (after !== null) {
      conditions.push(or(lt(subscribers.createdAt, after.createdAt), and(eq(subscribers.createdAt, after.createdAt), lt(subscribers.id, after.id))) as SQL);
    }
    const rows = await this.db
      .select()
      .from(subscribers)
      .where(and(...conditions))
      .orderBy(desc(subscribers.createdAt), desc(subscribers.id))
      .limit(limit);
    return this.withNewsletters(rows);
  }

  async count(filter: SubscriberFilter): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(subscribers).where(filterSql(filter));
    return row?.n ?? 0;
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.select({ status: subscribers.status, n: sql<number>`count(*)::int` }).from(subscribers).groupBy(subscribers.status);
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  async erasureCounts(): Promise<Record<string, number>> {
    const rows = await this.db.select().from(subscriberErasures);
    return Object.fromEntries(rows.map((row) => [row.status, row.count]));
  }

  /** Inserts new subscribers with newsletters and consent events; skips keys that appeared meanwhile. */
  async insertBatch(rows: readonly NewSubscriber[], event: Omit<NewConsentEvent, 'subscriberId' | 'newsletters'>): Promise<{ id: string; emailKey: string }[]> {
    if (rows.length === 0) return [];
    return this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(subscribers)
        .values(rows.map(({ newsletters: _newsletters, ...values }) => values))
        .onConflictDoNothing({ target: subscribers.emailKey })
        .returning({ id: subscribers.id, emailKey: subscribers.emailKey });
      const byKey = new Map(rows.map((row) => [row.emailKey, row.newsletters]));
      const memberships = inserted.flatMap(({ id, emailKey }) => [...new Set(byKey.get(emailKey) ?? [])].map((slug) => ({ subscriberId: id, slug })));
      if (memberships.length > 0) await tx.insert(subscriberNewsletters).values(memberships);
      if (inserted.length > 0) {
        await tx.insert(consentEvents).values(inserted.map(({ id, emailKey }) => ({ ...event, subscriberId: id, newsletters: [...(byKey.get(emailKey) ?? [])] })));
      }
      return inserted;
    });
  }

  /** Deletes the person (newsletters and consent rows cascade); keeps the hash and an anonymous count. */
  async erase(id: string, reason: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.delete(subscribers).where(eq(subscribers.id, id)).returning({ hash: subscribers.suppressionHash, status: subscribers.status });
      if (row === undefined) return false;
      await tx.insert(suppressions).values({ hash: row.hash, reason }).onConflictDoNothing();
      await tx
        .insert(subscriberErasures)
        .values({ status: row.status, count: 1 })
        .onConflictDoUpdate({ target: subscriberErasures.status, set: { count: sql`${subscriberErasures.count} + 1` } });
      return true;
    });
  }

  private async withNewsletters(rows: SubscriberRow[]): Promise<SubscriberWithNewsletters[]> {
    if (rows.length === 0) return [];
    const memberships = await this.db
      .select()
      .from(subscriberNewsletters)
      .where(inArray(subscriberNewsletters.subscriberId, rows.map((row) => row.id)))
      .orderBy(subscriberNewsletters.slug);
    return rows.map((row) => ({ ...row, newsletters: memberships.filter((m) => m.subscriberId === row.id).map((m) => m.slug) }));
  }
}

function filterSql(filter: SubscriberFilter): SQL {
  const conditions: SQL[] = [sql`true`];
  if (filter.status) conditions.push(eq(subscribers.status, filter.status));
  if (filter.newsletter) {
    conditions.push(sql`EXISTS (SELECT 1 FROM ${subscriberNewsletters} WHERE ${subscriberNewsletters.subscriberId} = ${subscribers.id} AND ${subscriberNewsletters.slug} = ${filter.newsletter})`);
  }
  if (filter.createdFrom) conditions.push(gte(subscribers.createdAt, filter.createdFrom));
  if (filter.createdTo) conditions.push(lte(subscribers.createdAt, filter.createdTo));
  if (filter.confirmedFrom) conditions.push(gte(subscribers.confirmedAt, filter.confirmedFrom));
  if (filter.confirmedTo) conditions.push(lte(subscribers.confirmedAt, filter.confirmedTo));
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(sql`${subscribers.email} ILIKE ${pattern}`, sql`${subscribers.name} ILIKE ${pattern}`) as SQL);
  }
  return and(...conditions) as SQL;
}
