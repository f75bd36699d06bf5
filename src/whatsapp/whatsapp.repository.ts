import { Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, isNotNull, isNull, lte, min, sql } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import type { PacerState } from './posting-pacer.js';
import {
  whatsappPacer,
  whatsappPosts,
  whatsappQueueState,
  whatsappSessionState,
  whatsappTargets,
  type WhatsAppPostKind,
  type WhatsAppPostMode,
  type WhatsAppPostRow,
  type WhatsAppQueueStateRow,
  type WhatsAppTargetRow,
} from './whatsapp.schema.js';

const PACER_ID = 'default';
const SESSION_ID = 'default';
const QUEUE_ID = 'default';

/** What a confirmed send leaves in the ledger. */
export interface SendRecord {
  serverId: string;
  clientId: string | null;
  fellBackToText: boolean;
  note: string | null;
}

export type QueueState = Omit<WhatsAppQueueStateRow, 'id'>;

export const RUNNING_QUEUE: QueueState = {
  pausedAt: null,
  pausedBy: null,
  pauseReason: null,
  consecutiveUncertain: 0,
  canaryFailingSince: null,
  canaryError: null,
  canaryCheckedAt: null,
};

export interface TargetInput {
  newsletterId: string;
  target: string;
  channelId: string | null;
  mode: WhatsAppPostMode;
  enabled: boolean;
}

export interface SessionStateRow {
  status: string;
  lastError: string | null;
  qr: string | null;
  holder: string;
  updatedAt: Date;
}

@Injectable()
export class WhatsAppRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async upsertTarget(input: TargetInput): Promise<WhatsAppTargetRow> {
    const now = new Date();
    const values = { ...input, channelName: null, resolveError: null, updatedAt: now };
    const [row] = await this.db
      .insert(whatsappTargets)
      .values(values)
      .onConflictDoUpdate({ target: whatsappTargets.newsletterId, set: values })
      .returning();
    return row;
  }

  async findTarget(newsletterId: string): Promise<WhatsAppTargetRow | undefined> {
    const [row] = await this.db.select().from(whatsappTargets).where(eq(whatsappTargets.newsletterId, newsletterId));
    return row;
  }

  async deleteTarget(newsletterId: string): Promise<boolean> {
    const rows = await this.db.delete(whatsappTargets).where(eq(whatsappTargets.newsletterId, newsletterId)).returning();
    return rows.length > 0;
  }

  async listUnresolvedTargets(): Promise<WhatsAppTargetRow[]> {
    return this.db.select().from(whatsappTargets).where(isNull(whatsappTargets.channelId));
  }

  /** Records a resolution, unless the editor changed the target meanwhile. */
  async markTargetResolved(newsletterId: string, target: string, channelId: string, channelName: string | null): Promise<void> {
    await this.db
      .update(whatsappTargets)
      .set({ channelId, channelName, resolveError: null, updatedAt: new Date() })
      .where(and(eq(whatsappTargets.newsletterId, newsletterId), eq(whatsappTargets.target, target)));
  }

  async markTargetUnresolvable(newsletterId: string, target: string, error: string): Promise<void> {
    await this.db
      .update(whatsappTargets)
      .set({ resolveError: error, updatedAt: new Date() })
      .where(and(eq(whatsappTargets.newsletterId, newsletterId), eq(whatsappTargets.target, target)));
  }

  /** Adds a ledger row; returns false when this item was already queued or posted to this channel. */
  async insertQueuedPost(newsletterId: string, kind: WhatsAppPostKind, itemId: string, channelId: string): Promise<boolean> {
    const rows = await this.db
      .insert(whatsappPosts)
      .values({ newsletterId, kind, itemId, channelId })
      .onConflictDoNothing()
      .returning({ id: whatsappPosts.id });
    return rows.length > 0;
  }

  async findPost(newsletterId: string, kind: WhatsAppPostKind, itemId: string, channelId: string): Promise<WhatsAppPostRow | undefined> {
    const [row] = await this.db
      .select()
      .from(whatsappPosts)
      .where(
        and(
          eq(whatsappPosts.newsletterId, newsletterId),
          eq(whatsappPosts.kind, kind),
          eq(whatsappPosts.itemId, itemId),
          eq(whatsappPosts.channelId, channelId),
        ),
      );
    return row;
  }

  async listPosts(newsletterId: string): Promise<WhatsAppPostRow[]> {
    return this.db.select().from(whatsappPosts).where(eq(whatsappPosts.newsletterId, newsletterId)).orderBy(asc(whatsappPosts.createdAt));
  }

  /** Queued rows whose send started but never finished (crash mid-send): their outcome is unknown. */
  async listInterruptedPosts(): Promise<WhatsAppPostRow[]> {
    return this.db
      .select()
      .from(whatsappPosts)
      .where(and(eq(whatsappPosts.status, 'queued'), isNotNull(whatsappPosts.sendingSince)));
  }

  /** The oldest queued post that is due. */
  async nextDuePost(now: Date): Promise<WhatsAppPostRow | undefined> {
    const [row] = await this.db
      .select()
      .from(whatsappPosts)
      .where(and(eq(whatsappPosts.status, 'queued'), isNull(whatsappPosts.sendingSince), lte(whatsappPosts.nextAttemptAt, now)))
      .orderBy(asc(whatsappPosts.nextAttemptAt), asc(whatsappPosts.createdAt))
      .limit(1);
    return row;
  }

  /** When the earliest queued post becomes due, or null when the queue is empty. */
  async earliestQueuedAt(): Promise<Date | null> {
    const [row] = await this.db
      .select({ at: min(whatsappPosts.nextAttemptAt) })
      .from(whatsappPosts)
      .where(and(eq(whatsappPosts.status, 'queued'), isNull(whatsappPosts.sendingSince)));
    return row?.at ?? null;
  }

  async rebindPostChannel(id: string, channelId: string): Promise<void> {
    await this.db.update(whatsappPosts).set({ channelId }).where(eq(whatsappPosts.id, id));
  }

  async deletePost(id: string): Promise<void> {
    await this.db.delete(whatsappPosts).where(eq(whatsappPosts.id, id));
  }

  /** Claims a queued row for sending; false when it is no longer queued (e.g. marked posted by hand). */
  async markSending(id: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(whatsappPosts)
      .set({ sendingSince: at, attempts: sql`${whatsappPosts.attempts} + 1` })
      .where(and(eq(whatsappPosts.id, id), eq(whatsappPosts.status, 'queued'), isNull(whatsappPosts.sendingSince)))
      .returning({ id: whatsappPosts.id });
    return rows.length > 0;
  }

  async markPosted(id: string, record: SendRecord, at: Date): Promise<void> {
    await this.db
      .update(whatsappPosts)
      .set({ status: 'posted', ...this.sendColumns(record), postedAt: at, sendingSince: null, lastError: null })
      .where(eq(whatsappPosts.id, id));
  }

  /** Accepted but not seen in the channel, or interrupted mid-send: never retried automatically. */
  async markUncertain(id: string, record: Partial<SendRecord> & { note: string }): Promise<void> {
    await this.db
      .update(whatsappPosts)
      .set({
        status: 'uncertain',
        serverId: record.serverId ?? null,
        ...(record.clientId ? { messageId: record.clientId } : {}),
        fellBackToText: record.fellBackToText ?? false,
        note: record.note,
        sendingSince: null,
      })
      .where(eq(whatsappPosts.id, id));
  }

  /**
   * An editor posted it by hand (or saw it in the channel). Only a post not posted and not being
   * sent right now can be marked; returns the row, or undefined when it could not be.
   */
  async markPostedManually(id: string, by: string, at: Date): Promise<WhatsAppPostRow | undefined> {
    const [row] = await this.db
      .update(whatsappPosts)
      .set({ status: 'posted', postedManuallyBy: by, postedAt: at, lastError: null })
      .where(and(eq(whatsappPosts.id, id), inArray(whatsappPosts.status, ['queued', 'failed', 'uncertain']), isNull(whatsappPosts.sendingSince)))
      .returning();
    return row;
  }

  async findPostById(id: string): Promise<WhatsAppPostRow | undefined> {
    const [row] = await this.db.select().from(whatsappPosts).where(eq(whatsappPosts.id, id));
    return row;
  }

  /** The ledger rows of some items of one newsletter (an issue's digest post, or its articles' posts). */
  async listPostsForItems(newsletterId: string, kind: WhatsAppPostKind, itemIds: string[]): Promise<WhatsAppPostRow[]> {
    if (itemIds.length === 0) return [];
    return this.db
      .select()
      .from(whatsappPosts)
      .where(and(eq(whatsappPosts.newsletterId, newsletterId), eq(whatsappPosts.kind, kind), inArray(whatsappPosts.itemId, itemIds)))
      .orderBy(asc(whatsappPosts.createdAt));
  }

  private sendColumns(record: SendRecord): Partial<WhatsAppPostRow> {
    return { serverId: record.serverId, messageId: record.clientId, fellBackToText: record.fellBackToText, note: record.note };
  }

  /** A failed attempt: queued again at `retryAt`, or failed for good when `retryAt` is null. */
  async markAttemptFailed(id: string, error: string, retryAt: Date | null): Promise<void> {
    await this.db
      .update(whatsappPosts)
      .set(
        retryAt
          ? { lastError: error, sendingSince: null, nextAttemptAt: retryAt }
          : { lastError: error, sendingSince: null, status: 'failed' },
      )
      .where(eq(whatsappPosts.id, id));
  }

  async loadPacerState(): Promise<PacerState> {
    const [row] = await this.db.select().from(whatsappPacer).where(eq(whatsappPacer.id, PACER_ID));
    return row ? { nextAllowedAt: row.nextAllowedAt, day: row.day, postsToday: row.postsToday } : { nextAllowedAt: null, day: null, postsToday: 0 };
  }

  async savePacerState(state: PacerState): Promise<void> {
    const values = { nextAllowedAt: state.nextAllowedAt, day: state.day, postsToday: state.postsToday };
    await this.db
      .insert(whatsappPacer)
      .values({ id: PACER_ID, ...values })
      .onConflictDoUpdate({ target: whatsappPacer.id, set: values });
  }

  async loadQueueState(): Promise<QueueState> {
    const [row] = await this.db.select().from(whatsappQueueState).where(eq(whatsappQueueState.id, QUEUE_ID));
    if (!row) return { ...RUNNING_QUEUE };
    const { id: _id, ...state } = row;
    return state;
  }

  async saveQueueState(state: QueueState): Promise<void> {
    await this.db
      .insert(whatsappQueueState)
      .values({ id: QUEUE_ID, ...state })
      .onConflictDoUpdate({ target: whatsappQueueState.id, set: state });
  }

  async saveSessionState(state: SessionStateRow): Promise<void> {
    await this.db
      .insert(whatsappSessionState)
      .values({ id: SESSION_ID, ...state })
      .onConflictDoUpdate({ target: whatsappSessionState.id, set: state });
  }

  async loadSessionState(): Promise<SessionStateRow | undefined> {
    const [row] = await this.db.select().from(whatsappSessionState).where(eq(whatsappSessionState.id, SESSION_ID));
    return row;
  }

  async clearSessionState(): Promise<void> {
    await this.db.delete(whatsappSessionState).where(eq(whatsappSessionState.id, SESSION_ID));
  }
}
