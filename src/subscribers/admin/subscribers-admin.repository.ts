import { Injectable } from '@nestjs/common';
import { and, desc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { consentEvents, subscriberCounts, subscriberErasures, subscriberNewsletters, subscribers, suppressions, type SubscriberStatus } from '#src/subscribers/subscribers.schema.js';
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

/**
 * Position after a row in (created_at, id) order. `createdAt` is the column's full microsecond
 * value as UTC ISO text: a JavaScript Date keeps milliseconds only, and a cursor cut to
 * milliseconds skips every row that shares the millisecond (a bulk import writes thousands).
 */
/** Up to this many matches a filtered total is exact; beyond, it is an estimate. */
export const EXACT_COUNT_LIMIT = 10_000;

export interface PageCursor {
  createdAt: string;
  id: string;
}

export type SubscriberWithNewsletters = SubscriberRow & { newsletters: string[]; cursor: PageCursor };

const CREATED_AT_KEY = sql<string>`to_char(${subscribers.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Admin queries: search, counts, bulk import inserts and erasure. */
@Injectable()
export class SubscribersAdminRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /**
   * Newest first, keyset-paged on (created_at, id) at full precision: a row comparison the
   * (created_at, id) indexes answer as a range, so page 1,000 costs what page 1 does.
   */
  async search(filter: SubscriberFilter, after: PageCursor | null, limit: number): Promise<SubscriberWithNewsletters[]> {
    const conditions = [filterSql(filter)];
    if (after !== null) conditions.push(sql`(${subscribers.createdAt}, ${subscribers.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
    const rows = await this.db
      .select({ row: subscribers, createdAtKey: CREATED_AT_KEY })
      .from(subscribers)
      .where(and(...conditions))
      .orderBy(desc(subscribers.createdAt), desc(subscribers.id))
      .limit(limit);
    return this.withNewsletters(rows.map(({ row, createdAtKey }) => ({ ...row, cursor: { createdAt: createdAtKey, id: row.id } })));
  }

  /**
   * How many readers match: exact from the status counters when the filter is at most a status;
   * otherwise counted exactly up to EXACT_COUNT_LIMIT matches and, beyond, the planner's estimate
   * (marked so) — counting a million rows on every page of the list costs more than the page.
   */
  async count(filter: SubscriberFilter): Promise<{ total: number; estimated: boolean }> {
    const { status, ...others } = filter;
    if (Object.values(others).every((value) => value === undefined)) {
      const byStatus = await this.countByStatus();
      return { total: status ? (byStatus[status] ?? 0) : Object.values(byStatus).reduce((sum, n) => sum + n, 0), estimated: false };
    }
    const capped = this.db.select({ one: sql`1` }).from(subscribers).where(filterSql(filter)).limit(EXACT_COUNT_LIMIT + 1).as('capped');
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(capped);
    const exact = row?.n ?? 0;
    if (exact <= EXACT_COUNT_LIMIT) return { total: exact, estimated: false };
    return { total: Math.max(exact, await this.estimate(filter)), estimated: true };
  }

  /** Readers per status, from the counters the triggers of migration 0015 keep. */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.select().from(subscriberCounts).where(sql`${subscriberCounts.count} <> 0`);
    return Object.fromEntries(rows.map((row) => [row.status, row.count]));
  }

  /** The planner's row estimate for the filter (EXPLAIN, nothing is read). */
  private async estimate(filter: SubscriberFilter): Promise<number> {
    const query = this.db.select({ id: subscribers.id }).from(subscribers).where(filterSql(filter)).getSQL();
    const result = await this.db.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(sql`EXPLAIN (FORMAT JSON) ${query}`);
    return Math.round(result.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
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

  private async withNewsletters(rows: (SubscriberRow & { cursor: PageCursor })[]): Promise<SubscriberWithNewsletters[]> {
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
