import { Injectable } from '@nestjs/common';
import { eq, gt, sql } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { queueProbes, workerHeartbeats } from './system.schema.js';

export interface Heartbeat {
  workerId: string;
  hostname: string;
  pid: number;
  role: string;
  startedAt: Date;
  lastSeenAt: Date;
}

@Injectable()
export class SystemRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async ping(): Promise<void> {
    await this.db.execute(sql`SELECT 1`);
  }

  async upsertHeartbeat(beat: Heartbeat): Promise<void> {
    await this.db
      .insert(workerHeartbeats)
      .values(beat)
      .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { lastSeenAt: beat.lastSeenAt } });
  }

  async removeHeartbeat(workerId: string): Promise<void> {
    await this.db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, workerId));
  }

  async heartbeatsSince(since: Date): Promise<Heartbeat[]> {
    return this.db.select().from(workerHeartbeats).where(gt(workerHeartbeats.lastSeenAt, since));
  }

  /**
   * Workers (other than `exceptId`) whose last beat is older than `before`: their rows are removed
   * and their ids returned, once, for the caller to free what they held.
   */
  async reapSilentWorkers(before: Date, exceptId: string): Promise<string[]> {
    const rows = await this.db
      .delete(workerHeartbeats)
      .where(sql`${workerHeartbeats.lastSeenAt} < ${before} AND ${workerHeartbeats.workerId} <> ${exceptId}`)
      .returning({ workerId: workerHeartbeats.workerId });
    return rows.map((row) => row.workerId);
  }

  /** Old rows of workers that died without deregistering; keeps the table small. */
  async deleteHeartbeatsBefore(before: Date): Promise<void> {
    await this.db.delete(workerHeartbeats).where(sql`${workerHeartbeats.lastSeenAt} < ${before}`);
  }

  async createProbe(): Promise<string> {
    const [row] = await this.db.insert(queueProbes).values({}).returning({ id: queueProbes.id });
    return row.id;
  }

  async markProbeHandled(id: string, handledBy: string): Promise<void> {
    await this.db.update(queueProbes).set({ handledBy, handledAt: new Date() }).where(eq(queueProbes.id, id));
  }

  async findProbe(id: string): Promise<{ requestedAt: Date; handledBy: string | null; handledAt: Date | null } | undefined> {
    const [row] = await this.db.select().from(queueProbes).where(eq(queueProbes.id, id));
    return row;
  }
}
