import { Injectable } from '@nestjs/common';
import { and, gte, lte } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { subscriberDailyCounts } from './subscribers.schema.js';

export interface DailyGrowth {
  /** Calendar day in Europe/Berlin, `YYYY-MM-DD`. */
  day: string;
  confirmed: number;
  unsubscribed: number;
}

/** Confirmations and unsubscribes per day, from the trigger-kept daily counters (constant time). */
@Injectable()
export class SubscriberGrowthRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async between(fromDay: string, toDay: string): Promise<DailyGrowth[]> {
    return this.db
      .select()
      .from(subscriberDailyCounts)
      .where(and(gte(subscriberDailyCounts.day, fromDay), lte(subscriberDailyCounts.day, toDay)))
      .orderBy(subscriberDailyCounts.day);
  }
}

