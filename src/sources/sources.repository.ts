import { Injectable } from '@nestjs/common';
import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { sources, type NewSourceRow, type SourceRow } from './sources.schema.js';

export type SourceSettings = Pick<
  NewSourceRow,
  'name' | 'kind' | 'url' | 'pollIntervalSeconds' | 'enabled' | 'tagFilter' | 'headers' | 'boilerplatePatterns' | 'webhookSecret'
>;

export interface PollSuccess {
  at: Date;
  nextPollAt: Date;
  etag?: string | null;
  lastModifiedHeader?: string | null;
  bodyHash?: string | null;
  /** The warnings of a read of new content (none: clears the last ones); omitted when unchanged. */
  warnings?: readonly string[];
}

@Injectable()
export class SourcesRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async create(values: SourceSettings & { nextPollAt: Date | null }): Promise<SourceRow> {
    const [row] = await this.db.insert(sources).values(values).returning();
    return row;
  }

  async listAll(): Promise<SourceRow[]> {
    return this.db.select().from(sources).orderBy(asc(sources.createdAt));
  }

  async findById(id: string): Promise<SourceRow | undefined> {
    const [row] = await this.db.select().from(sources).where(eq(sources.id, id));
    return row;
  }

  async update(id: string, values: Partial<SourceSettings> & { nextPollAt?: Date | null }, now: Date): Promise<SourceRow | undefined> {
    const [row] = await this.db
      .update(sources)
      .set({ ...values, updatedAt: now })
      .where(eq(sources.id, id))
      .returning();
    return row;
  }

  /** Settings that change what a fetch returns also forget the conditional-GET validators. */
  async resetFetchState(id: string): Promise<void> {
    await this.db.update(sources).set({ etag: null, lastModifiedHeader: null, bodyHash: null }).where(eq(sources.id, id));
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(sources).where(eq(sources.id, id)).returning({ id: sources.id });
    return rows.length > 0;
  }

  /** Enabled polling sources whose next poll is due (or never planned). */
  async listDue(now: Date): Promise<SourceRow[]> {
    return this.db
      .select()
      .from(sources)
      .where(and(eq(sources.enabled, true), or(isNull(sources.nextPollAt), lt(sources.nextPollAt, now))))
      .orderBy(asc(sources.nextPollAt));
  }

  /**
   * Takes the poll lease: true for exactly one caller until the lease runs out, so two workers
   * (or a scheduled poll and a manual sync) never poll one source at the same time.
   */
  async claimPoll(id: string, now: Date, leaseUntil: Date): Promise<SourceRow | undefined> {
    const [row] = await this.db
      .update(sources)
      .set({ pollLeaseUntil: leaseUntil, lastAttemptAt: now })
      .where(and(eq(sources.id, id), or(isNull(sources.pollLeaseUntil), lt(sources.pollLeaseUntil, now))))
      .returning();
    return row;
  }

  async recordSuccess(id: string, result: PollSuccess): Promise<void> {
    await this.db
      .update(sources)
      .set({
        lastSuccessAt: result.at,
        consecutiveFailures: 0,
        lastError: null,
        nextPollAt: result.nextPollAt,
        pollLeaseUntil: null,
        ...(result.etag !== undefined ? { etag: result.etag } : {}),
        ...(result.lastModifiedHeader !== undefined ? { lastModifiedHeader: result.lastModifiedHeader } : {}),
        ...(result.bodyHash !== undefined ? { bodyHash: result.bodyHash } : {}),
        ...(result.warnings !== undefined
          ? { lastWarnings: result.warnings.length > 0 ? [...result.warnings] : null, lastWarningsAt: result.warnings.length > 0 ? result.at : null }
          : {}),
      })
      .where(eq(sources.id, id));
  }

  async recordFailure(id: string, failure: { at: Date; reason: string; consecutiveFailures: number; nextPollAt: Date }): Promise<void> {
    await this.db
      .update(sources)
      .set({
        lastErrorAt: failure.at,
        lastError: failure.reason,
        consecutiveFailures: failure.consecutiveFailures,
        nextPollAt: failure.nextPollAt,
        pollLeaseUntil: null,
      })
      .where(eq(sources.id, id));
  }

  /**
   * A delivery counts as a push source's sync. For a polling source it must not move
   * `lastSuccessAt`, which is the next poll's `modified_after` and announcement cut-off.
   */
  async recordDelivery(id: string, at: Date, isPushSource: boolean): Promise<void> {
    await this.db
      .update(sources)
      .set(isPushSource ? { lastAttemptAt: at, lastSuccessAt: at, consecutiveFailures: 0, lastError: null } : { lastAttemptAt: at })
      .where(eq(sources.id, id));
  }

  async recordDeliveryFailure(id: string, at: Date, reason: string): Promise<void> {
    await this.db.update(sources).set({ lastAttemptAt: at, lastErrorAt: at, lastError: reason }).where(eq(sources.id, id));
  }
}
