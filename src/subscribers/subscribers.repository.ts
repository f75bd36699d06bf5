import { Injectable } from '@nestjs/common';
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import {
  consentEvents,
  subscriberNewsletters,
  subscribers,
  suppressions,
  type ConsentEventKind,
  type ConsentSource,
  type SubscriberStatus,
} from './subscribers.schema.js';

export type SubscriberRow = typeof subscribers.$inferSelect;
export type ConsentEventRow = typeof consentEvents.$inferSelect;
export type SuppressionRow = typeof suppressions.$inferSelect;

export interface NewSubscriber {
  email: string;
  emailKey: string;
  suppressionHash: string;
  name: string | null;
  status: SubscriberStatus;
  locale: 'de' | 'en';
  source: ConsentSource;
  confirmedAt?: Date | null;
  newsletters: readonly string[];
}

export interface NewConsentEvent {
  subscriberId: string;
  kind: ConsentEventKind;
  source: ConsentEventRow['source'];
  ip?: string | null;
  userAgent?: string | null;
  wordingVersion?: string | null;
  newsletters: readonly string[];
  note?: string | null;
}

export interface DeliverableRow {
  id: string;
  email: string;
  name: string | null;
  locale: 'de' | 'en';
}

/** Core subscriber rows: creation, lookups, deliverability and suppression. */
@Injectable()
export class SubscribersRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Runs `work` in one transaction with a repository bound to it. */
  async transaction<T>(work: (repo: SubscribersRepository) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => work(new SubscribersRepository(tx as unknown as Db)));
  }

  async insert(row: NewSubscriber): Promise<SubscriberRow> {
    const { newsletters, ...values } = row;
    const [created] = await this.db.insert(subscribers).values(values).returning();
    await this.replaceNewsletters(created.id, newsletters);
    return created;
  }

  async findById(id: string): Promise<SubscriberRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.db.select().from(subscribers).where(eq(subscribers.id, id));
    return row;
  }

  async findByEmailKey(emailKey: string): Promise<SubscriberRow | undefined> {
    const [row] = await this.db.select().from(subscribers).where(eq(subscribers.emailKey, emailKey));
    return row;
  }

  async findExistingKeys(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db
      .select({ key: subscribers.emailKey })
      .from(subscribers)
      .where(and(inArray(subscribers.emailKey, [...keys]), inArray(subscribers.status, ['pending', 'active'])));
    return new Set(rows.map((row) => row.key));
  }

  async newslettersOf(subscriberId: string): Promise<string[]> {
    const rows = await this.db
      .select({ slug: subscriberNewsletters.slug })
      .from(subscriberNewsletters)
      .where(eq(subscriberNewsletters.subscriberId, subscriberId))
      .orderBy(asc(subscriberNewsletters.slug));
    return rows.map((row) => row.slug);
  }

  async replaceNewsletters(subscriberId: string, slugs: readonly string[]): Promise<void> {
    await this.db.delete(subscriberNewsletters).where(eq(subscriberNewsletters.subscriberId, subscriberId));
    const unique = [...new Set(slugs)];
    if (unique.length > 0) await this.db.insert(subscriberNewsletters).values(unique.map((slug) => ({ subscriberId, slug })));
  }

  async update(id: string, values: Partial<Pick<SubscriberRow, 'name' | 'status' | 'paused' | 'locale' | 'tokenVersion' | 'confirmedAt' | 'statusChangedAt' | 'email' | 'source'>>): Promise<void> {
    await this.db.update(subscribers).set(values).where(eq(subscribers.id, id));
  }

  /** Single-use confirm: succeeds only while the row still holds `tokenVersion`, and bumps it. */
  async confirmWithVersion(id: string, tokenVersion: number, now: Date): Promise<SubscriberRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.db
      .update(subscribers)
      .set({ status: 'active', confirmedAt: now, statusChangedAt: now, tokenVersion: sql`${subscribers.tokenVersion} + 1` })
      .where(and(eq(subscribers.id, id), eq(subscribers.tokenVersion, tokenVersion), eq(subscribers.status, 'pending')))
      .returning();
    return row;
  }

  async bumpTokenVersion(id: string): Promise<number> {
    const [row] = await this.db
      .update(subscribers)
      .set({ tokenVersion: sql`${subscribers.tokenVersion} + 1` })
      .where(eq(subscribers.id, id))
      .returning({ tokenVersion: subscribers.tokenVersion });
    return row.tokenVersion;
  }

  async addConsentEvent(event: NewConsentEvent): Promise<void> {
    await this.db.insert(consentEvents).values({ ...event, newsletters: [...event.newsletters] });
  }

  async consentHistory(subscriberId: string): Promise<ConsentEventRow[]> {
    return this.db.select().from(consentEvents).where(eq(consentEvents.subscriberId, subscriberId)).orderBy(asc(consentEvents.occurredAt), asc(consentEvents.id));
  }

  /**
   * Active, not paused, holds the newsletter, not suppressed; keyset-paged by id. The page walks
   * the newsletter's range of subscriber_newsletters_slug_idx (slug, subscriber_id) from the
   * cursor and joins each entry to its subscriber by primary key, so a page reads about `limit`
   * index entries wherever it starts (test/integration/subscribers/recipient-paging.spec.ts).
   */
  async listDeliverable(slug: string, afterId: string | null, limit: number): Promise<DeliverableRow[]> {
    const conditions = [eq(subscriberNewsletters.slug, slug), ...deliverableSubscriber()];
    // The cursor on both sides of the join: a merge join then starts both scans at the cursor too.
    if (afterId !== null) conditions.push(gt(subscriberNewsletters.subscriberId, afterId), gt(subscribers.id, afterId));
    return this.db
      .select({ id: subscribers.id, email: subscribers.email, name: subscribers.name, locale: subscribers.locale })
      .from(subscriberNewsletters)
      .innerJoin(subscribers, eq(subscribers.id, subscriberNewsletters.subscriberId))
      .where(and(...conditions))
      .orderBy(asc(subscriberNewsletters.subscriberId))
      .limit(limit);
  }

  async filterDeliverable(slug: string, ids: readonly string[]): Promise<string[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.db
      .select({ id: subscribers.id })
      .from(subscribers)
      .where(and(inArray(subscribers.id, valid), deliverable(slug)));
    return rows.map((row) => row.id);
  }

  /** See SubscriberDirectory.noLongerDeliverableSince; reads consent_events_ending_idx. */
  async noLongerDeliverableSince(slug: string, since: Date): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ id: subscribers.id })
      .from(consentEvents)
      .innerJoin(subscribers, eq(subscribers.id, consentEvents.subscriberId))
      .where(and(sql`${consentEvents.occurredAt} >= ${since}`, inArray(consentEvents.kind, ENDING_KINDS), sql`NOT (${deliverable(slug)})`));
    return rows.map((row) => row.id);
  }

  /** Pending rows whose latest (re-)sign-up is older than `before`; consent rows go with them. */
  async deletePendingCreatedBefore(before: Date): Promise<number> {
    const deleted = await this.db
      .delete(subscribers)
      .where(and(eq(subscribers.status, 'pending'), sql`${subscribers.statusChangedAt} < ${before}`))
      .returning({ id: subscribers.id });
    return deleted.length;
  }

  async isSuppressed(hash: string): Promise<boolean> {
    const [row] = await this.db.select({ hash: suppressions.hash }).from(suppressions).where(eq(suppressions.hash, hash));
    return row !== undefined;
  }

  async findSuppressedHashes(hashes: readonly string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows = await this.db.select({ hash: suppressions.hash }).from(suppressions).where(inArray(suppressions.hash, [...hashes]));
    return new Set(rows.map((row) => row.hash));
  }

  /** Adds the hash (keeping the first reason) and ends every subscription of that address. */
  async suppress(hash: string, reason: string, endStatus: SubscriberStatus, now: Date): Promise<string[]> {
    await this.db.insert(suppressions).values({ hash, reason, createdAt: now }).onConflictDoNothing();
    const ended = await this.db
      .update(subscribers)
      .set({ status: endStatus, statusChangedAt: now, paused: false })
      .where(and(eq(subscribers.suppressionHash, hash), inArray(subscribers.status, ['pending', 'active'])))
      .returning({ id: subscribers.id });
    return ended.map((row) => row.id);
  }

  async removeSuppression(hash: string): Promise<boolean> {
    const removed = await this.db.delete(suppressions).where(eq(suppressions.hash, hash)).returning({ hash: suppressions.hash });
    return removed.length > 0;
  }

  async listSuppressions(afterHash: string | null, limit: number): Promise<SuppressionRow[]> {
    return this.db
      .select()
      .from(suppressions)
      .where(afterHash === null ? undefined : gt(suppressions.hash, afterHash))
      .orderBy(asc(suppressions.hash))
      .limit(limit);
  }
}

/** Consent events after which a reader may receive less than before (matches the partial index). */
const ENDING_KINDS: ConsentEventKind[] = ['unsubscribe', 'change', 'status'];

function deliverable(slug: string): SQL {
  return and(
    ...deliverableSubscriber(),
    sql`EXISTS (SELECT 1 FROM ${subscriberNewsletters} WHERE ${subscriberNewsletters.subscriberId} = ${subscribers.id} AND ${subscriberNewsletters.slug} = ${slug})`,
  ) as SQL;
}

/** Confirmed, not paused, not suppressed (the newsletter condition is the caller's). */
function deliverableSubscriber(): SQL[] {
  return [
    eq(subscribers.status, 'active'),
    eq(subscribers.paused, false),
    sql`NOT EXISTS (SELECT 1 FROM ${suppressions} WHERE ${suppressions.hash} = ${subscribers.suppressionHash})`,
  ];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);
