import { Injectable } from '@nestjs/common';
import { and, desc, eq, gt, inArray, isNull, lt, lte, max, or, sql } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { scheduleSlots, type SlotRow, type SlotStatus } from './schedules.schema.js';

export interface NewSlot {
  newsletterId: string;
  scheduleId: string | null;
  slotKey: string;
  slotAt: Date;
  catchUp: boolean;
  status: Extract<SlotStatus, 'claimed' | 'skipped'>;
  reason?: string;
}

const ISSUE_PRODUCING: SlotStatus[] = ['fired', 'caught-up', 'awaiting-approval', 'approved'];

@Injectable()
export class SlotsRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Inserts the slot unless any instance already has; returns the row only to the one that claimed it. */
  async claim(slot: NewSlot, now: Date): Promise<SlotRow | undefined> {
    const [row] = await this.db
      .insert(scheduleSlots)
      .values({ ...slot, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: [scheduleSlots.newsletterId, scheduleSlots.slotKey] })
      .returning();
    return row;
  }

  async lastSlotAt(scheduleId: string): Promise<Date | undefined> {
    const [row] = await this.db
      .select({ last: max(scheduleSlots.slotAt) })
      .from(scheduleSlots)
      .where(eq(scheduleSlots.scheduleId, scheduleId));
    return row?.last ?? undefined;
  }

  /** The start of the previous issue-producing slot before `before`: the lower bound for the next digest. */
  async previousIssueSlotAt(newsletterId: string, before: Date): Promise<Date | undefined> {
    const [row] = await this.db
      .select({ last: max(scheduleSlots.slotAt) })
      .from(scheduleSlots)
      .where(and(eq(scheduleSlots.newsletterId, newsletterId), inArray(scheduleSlots.status, ISSUE_PRODUCING), lt(scheduleSlots.slotAt, before)));
    return row?.last ?? undefined;
  }

  async find(id: string): Promise<SlotRow | undefined> {
    const [row] = await this.db.select().from(scheduleSlots).where(eq(scheduleSlots.id, id));
    return row;
  }

  async findByIssue(issueId: string): Promise<SlotRow | undefined> {
    const [row] = await this.db.select().from(scheduleSlots).where(eq(scheduleSlots.issueId, issueId)).limit(1);
    return row;
  }

  /** claimed → processing, once: a duplicated job for the same slot gets nothing. */
  async startProcessing(id: string, now: Date): Promise<SlotRow | undefined> {
    const [row] = await this.db
      .update(scheduleSlots)
      .set({ status: 'processing', updatedAt: now })
      .where(and(eq(scheduleSlots.id, id), eq(scheduleSlots.status, 'claimed')))
      .returning();
    return row;
  }

  async finish(
    id: string,
    values: { status: SlotStatus; reason?: string | null; issueId?: string; articleCount?: number; expiresAt?: Date | null },
    now: Date,
  ): Promise<void> {
    await this.db
      .update(scheduleSlots)
      .set({ ...values, updatedAt: now })
      .where(eq(scheduleSlots.id, id));
  }

  /** Slots whose job was lost (crash between claim and enqueue, or mid-processing): claim them again. */
  async resetStale(before: Date, now: Date): Promise<SlotRow[]> {
    return this.db
      .update(scheduleSlots)
      .set({ status: 'claimed', updatedAt: now })
      .where(and(inArray(scheduleSlots.status, ['claimed', 'processing']), lt(scheduleSlots.updatedAt, before)))
      .returning();
  }

  /** awaiting-approval → approved, unless the deadline has passed or another caller won. */
  async approve(issueId: string, now: Date): Promise<SlotRow | undefined> {
    const [row] = await this.db
      .update(scheduleSlots)
      .set({ status: 'approved', updatedAt: now })
      .where(
        and(
          eq(scheduleSlots.issueId, issueId),
          eq(scheduleSlots.status, 'awaiting-approval'),
          or(isNull(scheduleSlots.expiresAt), gt(scheduleSlots.expiresAt, now)),
        ),
      )
      .returning();
    return row;
  }

  /** Claims every draft past its deadline; each is returned to exactly one caller. */
  async expireDue(now: Date): Promise<SlotRow[]> {
    return this.db
      .update(scheduleSlots)
      .set({ status: 'expired', reason: 'approval deadline passed', updatedAt: now })
      .where(and(eq(scheduleSlots.status, 'awaiting-approval'), lte(scheduleSlots.expiresAt, now)))
      .returning();
  }

  async listForNewsletter(newsletterId: string, limit: number): Promise<SlotRow[]> {
    return this.db
      .select()
      .from(scheduleSlots)
      .where(eq(scheduleSlots.newsletterId, newsletterId))
      .orderBy(desc(scheduleSlots.slotAt))
      .limit(limit);
  }

  /** Drafts waiting for an editor, soonest deadline first (status index). */
  async listAwaitingApproval(limit: number): Promise<SlotRow[]> {
    return this.db
      .select()
      .from(scheduleSlots)
      .where(eq(scheduleSlots.status, 'awaiting-approval'))
      .orderBy(sql`${scheduleSlots.expiresAt} ASC NULLS LAST`, scheduleSlots.slotAt)
      .limit(limit);
  }
}
