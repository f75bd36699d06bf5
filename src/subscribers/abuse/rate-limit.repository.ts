import { Injectable } from '@nestjs/common';
import { lt, sql } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { rateLimitCounters } from '#src/subscribers/subscribers.schema.js';
import type { WindowUsage } from './rate-limit.policy.js';

/** Fixed-window counters in the database, so limits hold across every instance. */
@Injectable()
export class RateLimitRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /**
   * Counts one event under `key` and returns the usage before it (null: first in its window).
   * One atomic upsert: concurrent requests on several instances never both see the same count.
   */
  async hit(key: string, windowSeconds: number, now: Date): Promise<WindowUsage | null> {
    const windowEndsBefore = new Date(now.getTime() - windowSeconds * 1000);
    const expired = sql`${rateLimitCounters.windowStart} <= ${windowEndsBefore}`;
    const [row] = await this.db
      .insert(rateLimitCounters)
      .values({ key, windowStart: now, count: 1 })
      .onConflictDoUpdate({
        target: rateLimitCounters.key,
        set: {
          count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimitCounters.count} + 1 END`,
          windowStart: sql`CASE WHEN ${expired} THEN ${now} ELSE ${rateLimitCounters.windowStart} END`,
        },
      })
      .returning({ count: rateLimitCounters.count, windowStart: rateLimitCounters.windowStart });
    return row.count <= 1 ? null : { count: row.count - 1, since: row.windowStart };
  }

  async deleteOlderThan(before: Date): Promise<number> {
    const deleted = await this.db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStart, before)).returning({ key: rateLimitCounters.key });
    return deleted.length;
  }
}
