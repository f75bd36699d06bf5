import { Injectable } from '@nestjs/common';
import { and, count, eq, gte, sql } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { bounceEvents, type BounceEventType } from '../delivery.schema.js';

@Injectable()
export class BounceEventsRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async record(email: string, type: BounceEventType, source: string, reason: string | undefined): Promise<void> {
    await this.db.insert(bounceEvents).values({ email: email.toLowerCase(), type, source, reason: reason?.slice(0, 500) });
  }

  async countSoftSince(email: string, windowDays: number): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(bounceEvents)
      .where(and(eq(bounceEvents.email, email.toLowerCase()), eq(bounceEvents.type, 'soft-bounce'), gte(bounceEvents.receivedAt, sql`now() - make_interval(days => ${windowDays})`)));
    return row?.n ?? 0;
  }

  /** Bounces (hard and soft) and complaints received since `since` (received_at index). */
  async countSince(since: Date): Promise<{ bounced: number; complaints: number }> {
    const [row] = await this.db
      .select({
        bounced: sql<number>`count(*) FILTER (WHERE ${bounceEvents.type} <> 'complaint')`.mapWith(Number),
        complaints: sql<number>`count(*) FILTER (WHERE ${bounceEvents.type} = 'complaint')`.mapWith(Number),
      })
      .from(bounceEvents)
      .where(gte(bounceEvents.receivedAt, since));
    return { bounced: row?.bounced ?? 0, complaints: row?.complaints ?? 0 };
  }
}
