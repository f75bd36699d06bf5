import { Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { publishWindows, schedules, type PublishWindowRow, type ScheduleKind, type ScheduleRow } from './schedules.schema.js';

export interface ScheduleValues {
  kind: ScheduleKind;
  cronExpression: string | null;
  timeZone: string;
  quietPeriodMinutes: number;
  maxWaitMinutes: number | null;
  at: Date | null;
}

@Injectable()
export class SchedulesRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async create(newsletterId: string, values: ScheduleValues, now: Date): Promise<ScheduleRow> {
    const [row] = await this.db
      .insert(schedules)
      .values({ newsletterId, ...values, activeSince: now, createdAt: now, updatedAt: now })
      .returning();
    return row;
  }

  async listForNewsletter(newsletterId: string): Promise<ScheduleRow[]> {
    return this.db.select().from(schedules).where(eq(schedules.newsletterId, newsletterId)).orderBy(asc(schedules.createdAt));
  }

  async find(newsletterId: string, id: string): Promise<ScheduleRow | undefined> {
    const [row] = await this.db
      .select()
      .from(schedules)
      .where(and(eq(schedules.id, id), eq(schedules.newsletterId, newsletterId)));
    return row;
  }

  /** A changed schedule starts afresh: slots of the old timing before `now` are not caught up. */
  async replace(newsletterId: string, id: string, values: ScheduleValues, now: Date): Promise<ScheduleRow | undefined> {
    const [row] = await this.db
      .update(schedules)
      .set({ ...values, activeSince: now, updatedAt: now })
      .where(and(eq(schedules.id, id), eq(schedules.newsletterId, newsletterId)))
      .returning();
    return row;
  }

  async setPaused(newsletterId: string, id: string, paused: boolean, now: Date): Promise<ScheduleRow | undefined> {
    const [row] = await this.db
      .update(schedules)
      .set(paused ? { paused, updatedAt: now } : { paused, activeSince: now, updatedAt: now })
      .where(and(eq(schedules.id, id), eq(schedules.newsletterId, newsletterId)))
      .returning();
    return row;
  }

  async delete(newsletterId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(schedules)
      .where(and(eq(schedules.id, id), eq(schedules.newsletterId, newsletterId)))
      .returning({ id: schedules.id });
    await this.db.delete(publishWindows).where(eq(publishWindows.scheduleId, id));
    return rows.length > 0;
  }

  /** Cron and one-off schedules that are not paused: the ones with clock slots. */
  async listActiveTimed(): Promise<ScheduleRow[]> {
    return this.db
      .select()
      .from(schedules)
      .where(and(eq(schedules.paused, false), inArray(schedules.kind, ['cron', 'at'])));
  }

  async listActiveOnPublish(newsletterIds: readonly string[]): Promise<ScheduleRow[]> {
    if (newsletterIds.length === 0) return [];
    return this.db
      .select()
      .from(schedules)
      .where(and(eq(schedules.paused, false), eq(schedules.kind, 'on-publish'), inArray(schedules.newsletterId, [...newsletterIds])));
  }

  /**
   * Opens the schedule's quiet-period window or pushes its end out, never past the latest close
   * fixed when the window opened; one statement, so two instances handling two articles at once
   * end with one window.
   */
  async openOrExtendWindow(schedule: ScheduleRow, now: Date, closesAt: Date, latestCloseAt: Date): Promise<PublishWindowRow> {
    const [row] = await this.db
      .insert(publishWindows)
      .values({ scheduleId: schedule.id, newsletterId: schedule.newsletterId, openedAt: now, closesAt, latestCloseAt })
      .onConflictDoUpdate({
        target: publishWindows.scheduleId,
        targetWhere: sql`closed_at is null`,
        set: { closesAt: sql`least(greatest(${publishWindows.closesAt}, excluded.closes_at), ${publishWindows.latestCloseAt})` },
      })
      .returning();
    return row;
  }

  async listDueWindows(now: Date): Promise<PublishWindowRow[]> {
    return this.db
      .select()
      .from(publishWindows)
      .where(and(isNull(publishWindows.closedAt), lte(publishWindows.closesAt, now)));
  }

  async closeWindow(id: string, now: Date): Promise<void> {
    await this.db
      .update(publishWindows)
      .set({ closedAt: now })
      .where(and(eq(publishWindows.id, id), isNull(publishWindows.closedAt)));
  }
}
