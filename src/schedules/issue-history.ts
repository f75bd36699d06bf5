import type { IssueSummary } from './issue-gateway.js';
import type { SlotRow } from './schedules.schema.js';

export interface HistoryEntry {
  /** `issue`: an issue exists (built by a slot or by hand); `slot`: a slot that produced none. */
  kind: 'issue' | 'slot';
  issueId: string | null;
  slotKey: string | null;
  slotAt: string | null;
  slotStatus: SlotRow['status'] | null;
  /** The issue's status (draft, sending, sent, …) or, without an issue, the slot's. */
  status: string;
  reason: string | null;
  subject: string | null;
  articleCount: number | null;
  createdAt: string;
  sendingStartedAt: string | null;
  finishedAt: string | null;
  stats: Record<string, number> | null;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** Issues from the delivery side joined with the slots that built them, plus slots without an issue; newest first. */
export function mergeHistory(issues: readonly IssueSummary[], slots: readonly SlotRow[]): HistoryEntry[] {
  const slotByIssue = new Map(slots.filter((s) => s.issueId).map((s) => [s.issueId, s]));
  const entries: HistoryEntry[] = issues.map((issue) => {
    const slot = slotByIssue.get(issue.issueId);
    return {
      kind: 'issue',
      issueId: issue.issueId,
      slotKey: slot?.slotKey ?? issue.slotKey,
      slotAt: iso(slot?.slotAt ?? null),
      slotStatus: slot?.status ?? null,
      status: issue.status,
      reason: slot?.reason ?? null,
      subject: issue.subject,
      articleCount: issue.articleCount,
      createdAt: issue.createdAt.toISOString(),
      sendingStartedAt: iso(issue.sendingStartedAt),
      finishedAt: iso(issue.finishedAt),
      stats: issue.stats,
    };
  });
  const known = new Set(issues.map((i) => i.issueId));
  for (const slot of slots) {
    if (slot.issueId && known.has(slot.issueId)) continue;
    entries.push({
      kind: 'slot',
      issueId: slot.issueId,
      slotKey: slot.slotKey,
      slotAt: slot.slotAt.toISOString(),
      slotStatus: slot.status,
      status: slot.status,
      reason: slot.reason,
      subject: null,
      articleCount: slot.articleCount,
      createdAt: slot.createdAt.toISOString(),
      sendingStartedAt: null,
      finishedAt: null,
      stats: null,
    });
  }
  const sortKey = (e: HistoryEntry): string => e.slotAt ?? e.createdAt;
  return entries.sort((a, b) => sortKey(b).localeCompare(sortKey(a)));
}
