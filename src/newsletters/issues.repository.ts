import { Injectable } from '@nestjs/common';
import { and, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { issueArticles, issues, newsletters, type IssueRow, type IssueStatus } from './newsletters.schema.js';

export type NewIssue = Omit<typeof issues.$inferInsert, 'status' | 'createdAt'>;

/** Postgres unique violation (both drivers expose `code`; drizzle may wrap it in `cause`). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export interface IssueSummary {
  readonly id: string;
  readonly subject: string;
  readonly newsletterSlug: string;
}

/** An issue's state for overviews: no bodies (html and text are large). */
export interface IssueProgressRow {
  readonly id: string;
  readonly subject: string;
  readonly status: IssueStatus;
  readonly newsletterId: string;
  readonly newsletterName: string;
  readonly recipientCount: number | null;
  readonly recipientsResolvedAt: Date | null;
  readonly sendStartedAt: Date | null;
  readonly finishedAt: Date | null;
}

@Injectable()
export class IssuesRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Issues sending now, or whose send started at or after `startedSince`; newest first. */
  async progressRows(filter: { sending: true } | { startedSince: Date }, limit: number): Promise<IssueProgressRow[]> {
    return this.db
      .select({
        id: issues.id,
        subject: issues.subject,
        status: issues.status,
        newsletterId: issues.newsletterId,
        newsletterName: newsletters.name,
        recipientCount: issues.recipientCount,
        recipientsResolvedAt: issues.recipientsResolvedAt,
        sendStartedAt: issues.sendStartedAt,
        finishedAt: issues.finishedAt,
      })
      .from(issues)
      .innerJoin(newsletters, eq(newsletters.id, issues.newsletterId))
      .where('sending' in filter ? eq(issues.status, 'sending') : gte(issues.sendStartedAt, filter.startedSince))
      .orderBy(desc(issues.sendStartedAt))
      .limit(limit);
  }

  /** Subject and newsletter slug of each issue (history views list many issues at once). */
  async summaries(ids: readonly string[]): Promise<IssueSummary[]> {
    if (ids.length === 0) return [];
    return this.db
      .select({ id: issues.id, subject: issues.subject, newsletterSlug: newsletters.slug })
      .from(issues)
      .innerJoin(newsletters, eq(newsletters.id, issues.newsletterId))
      .where(inArray(issues.id, [...ids]));
  }

  /** Ids of every article any issue of this newsletter holds. */
  async usedArticleIds(newsletterId: string): Promise<string[]> {
    const rows = await this.db.select({ id: issueArticles.articleId }).from(issueArticles).where(eq(issueArticles.newsletterId, newsletterId));
    return rows.map((r) => r.id);
  }

  /** Inserts the issue and claims its articles in one transaction; a unique violation means another build won. */
  async createWithArticles(issue: NewIssue, articleIds: readonly string[]): Promise<IssueRow> {
    return this.db.transaction(async (tx) => {
      const [created] = await tx.insert(issues).values(issue).returning();
      if (!created) throw new Error('issue insert returned no row');
      await tx.insert(issueArticles).values(articleIds.map((articleId, position) => ({ newsletterId: issue.newsletterId, articleId, issueId: issue.id, position })));
      return created;
    });
  }

  async findById(id: string): Promise<IssueRow | undefined> {
    const [row] = await this.db.select().from(issues).where(eq(issues.id, id));
    return row;
  }

  async findBySlot(newsletterId: string, slotKey: string): Promise<IssueRow | undefined> {
    const [row] = await this.db.select().from(issues).where(and(eq(issues.newsletterId, newsletterId), eq(issues.slotKey, slotKey)));
    return row;
  }

  async articleIds(issueId: string): Promise<string[]> {
    const rows = await this.db.select({ id: issueArticles.articleId }).from(issueArticles).where(eq(issueArticles.issueId, issueId)).orderBy(issueArticles.position);
    return rows.map((r) => r.id);
  }

  async listByNewsletter(newsletterId: string, statuses: readonly IssueStatus[], limit: number): Promise<IssueRow[]> {
    return this.db
      .select()
      .from(issues)
      .where(and(eq(issues.newsletterId, newsletterId), inArray(issues.status, [...statuses])))
      .orderBy(desc(issues.createdAt))
      .limit(limit);
  }

  async latestCreatedAt(newsletterId: string, before?: Date): Promise<Date | undefined> {
    const [row] = await this.db
      .select({ createdAt: issues.createdAt })
      .from(issues)
      .where(and(eq(issues.newsletterId, newsletterId), before ? lt(issues.createdAt, before) : undefined, sql`${issues.status} <> 'cancelled'`))
      .orderBy(desc(issues.createdAt))
      .limit(1);
    return row?.createdAt;
  }

  /** Moves an issue from one of `from` to `to`; false when it was in another status. */
  async transition(id: string, from: readonly IssueStatus[], to: IssueStatus, extra: Partial<typeof issues.$inferInsert> = {}): Promise<boolean> {
    const updated = await this.db
      .update(issues)
      .set({ ...extra, status: to })
      .where(and(eq(issues.id, id), inArray(issues.status, [...from])))
      .returning({ id: issues.id });
    return updated.length > 0;
  }

  /**
   * Takes the resolution lease of a sending issue whose recipients are not resolved and whose
   * lease is free or lapsed: this one (`issueId`) or, with null, any such issue. Returns the issue
   * now held, or undefined. SKIP LOCKED: two workers never wait on each other here.
   */
  async claimResolution(issueId: string | null, owner: string, leaseSeconds: number): Promise<IssueRow | undefined> {
    const [row] = await this.db
      .update(issues)
      .set({ resolveLeaseOwner: owner, resolveLeaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})` })
      .where(
        sql`${issues.id} = (SELECT id FROM issues WHERE status = 'sending' AND recipients_resolved_at IS NULL
          AND (resolve_lease_until IS NULL OR resolve_lease_until < now()) ${issueId === null ? sql`` : sql`AND id = ${issueId}`}
          LIMIT 1 FOR UPDATE SKIP LOCKED)`,
      )
      .returning();
    return row;
  }

  /** Saves the cursor and renews the lease; false when the lease is no longer ours or the issue stopped sending. */
  async advanceResolution(id: string, owner: string, cursor: string | null, leaseSeconds: number): Promise<boolean> {
    const rows = await this.db
      .update(issues)
      .set({ resolveCursor: cursor, resolveLeaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})` })
      .where(and(eq(issues.id, id), eq(issues.resolveLeaseOwner, owner), eq(issues.status, 'sending')))
      .returning({ id: issues.id });
    return rows.length > 0;
  }

  /** Records the recipient count and ends the lease, if the lease is still ours. */
  async finishResolution(id: string, owner: string, recipientCount: number): Promise<boolean> {
    const rows = await this.db
      .update(issues)
      .set({ recipientsResolvedAt: new Date(), recipientCount, resolveLeaseOwner: null, resolveLeaseUntil: null })
      .where(and(eq(issues.id, id), eq(issues.resolveLeaseOwner, owner), isNull(issues.recipientsResolvedAt)))
      .returning({ id: issues.id });
    return rows.length > 0;
  }

  /**
   * Gives resolution leases back at once: one owner's (a graceful stop), or those of workers
   * whose names start with `ownerPrefix` (a worker whose heartbeat stopped).
   */
  async releaseResolutions(ownerPrefix: string): Promise<number> {
    const rows = await this.db
      .update(issues)
      .set({ resolveLeaseOwner: null, resolveLeaseUntil: null })
      .where(and(sql`starts_with(${issues.resolveLeaseOwner}, ${ownerPrefix})`, isNull(issues.recipientsResolvedAt)))
      .returning({ id: issues.id });
    return rows.length;
  }

  /** Frees the articles of an issue that never reached a reader, so the next build may use them. */
  async releaseArticles(issueId: string): Promise<void> {
    await this.db.delete(issueArticles).where(eq(issueArticles.issueId, issueId));
  }
}
