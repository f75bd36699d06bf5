import type { IssueFailureRow } from '#src/delivery/deliveries.repository.js';
import type { IssueStatsResponse } from '#src/newsletters/dto/issue.dto.js';
import type { IssueRow, NewsletterRow } from '#src/newsletters/newsletters.schema.js';

export interface SlotOfIssue {
  status: string;
  reason: string | null;
  slotAt: Date;
  expiresAt: Date | null;
}

/** What the cockpit and its progress fragment show; built from service answers only. */
export interface IssueCockpitView {
  issue: { id: string; subject: string; status: string; createdAt: Date; sendStartedAt: Date | null; finishedAt: Date | null; articleCount: number; text: string };
  newsletter: { id: string; name: string; slug: string };
  slot: SlotOfIssue | null;
  stats: IssueStatsResponse;
  progress: { done: number; total: number; started: boolean };
  /** Polled by htmx while something can still change. */
  live: boolean;
  failures: (IssueFailureRow & { reasonKey: string })[];
  can: { send: boolean; approve: boolean; cancel: boolean; retry: boolean };
}

export function issueCockpitView(
  issue: IssueRow,
  newsletter: Pick<NewsletterRow, 'id' | 'name' | 'slug'>,
  slot: SlotOfIssue | null,
  stats: IssueStatsResponse,
  failures: IssueFailureRow[],
): IssueCockpitView {
  const done = stats.sent + stats.failed + stats.rejected + stats.skipped;
  const awaitingApproval = slot?.status === 'awaiting-approval';
  return {
    issue: {
      id: issue.id,
      subject: issue.subject,
      status: issue.status,
      createdAt: issue.createdAt,
      sendStartedAt: issue.sendStartedAt,
      finishedAt: issue.finishedAt,
      articleCount: issue.articleCount,
      text: issue.text,
    },
    newsletter: { id: newsletter.id, name: newsletter.name, slug: newsletter.slug },
    slot,
    stats,
    progress: { done, total: stats.recipients ?? stats.recipientsSoFar, started: issue.sendStartedAt !== null },
    live: issue.status === 'sending',
    failures: failures.map((failure) => ({ ...failure, reasonKey: failure.reason ?? 'none' })),
    can: {
      send: issue.status === 'draft' && !awaitingApproval && slot?.status !== 'expired',
      approve: issue.status === 'draft' && awaitingApproval,
      cancel: issue.status === 'draft' || issue.status === 'sending',
      retry: (issue.status === 'sending' || issue.status === 'sent') && stats.failed > 0,
    },
  };
}
