import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';

export interface TokenGrant {
  readonly granted: number;
  /** Fractional tokens left after the grant; with `rate` it tells how long until the next one. */
  readonly remaining: number;
}

interface GrantRow extends Record<string, unknown> {
  granted: number | string;
  remaining: number | string;
}

@Injectable()
export class SendRateRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /**
   * Token bucket in one row, refilled and drawn in one statement under the row lock, so every
   * worker on every machine draws from the same bucket (database clock, not the workers' clocks).
   */
  async take(bucket: string, wanted: number, ratePerSecond: number, burst: number): Promise<TokenGrant> {
    await this.db.execute(sql`
      INSERT INTO delivery_rate_buckets (name, tokens, refilled_at) VALUES (${bucket}, ${burst}, clock_timestamp())
      ON CONFLICT (name) DO NOTHING`);
    const result = await this.db.execute<GrantRow>(sql`
      WITH current AS (
        SELECT LEAST(${burst}::float8, tokens + ${ratePerSecond}::float8 * EXTRACT(EPOCH FROM (clock_timestamp() - refilled_at))::float8) AS available
        FROM delivery_rate_buckets WHERE name = ${bucket} FOR UPDATE
      ), grant_ AS (
        SELECT available, LEAST(FLOOR(available), ${wanted}::float8) AS granted FROM current
      )
      UPDATE delivery_rate_buckets b SET tokens = grant_.available - grant_.granted, refilled_at = clock_timestamp()
      FROM grant_ WHERE b.name = ${bucket}
      RETURNING grant_.granted AS granted, grant_.available - grant_.granted AS remaining`);
    const row = result.rows[0];
    return { granted: Math.max(0, Number(row?.granted ?? 0)), remaining: Number(row?.remaining ?? 0) };
  }
}
