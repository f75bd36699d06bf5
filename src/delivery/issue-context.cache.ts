import { Injectable } from '@nestjs/common';
import { IssuesService, type IssueWithNewsletter } from '#src/newsletters/issues.service.js';

const FRESH_MS = 1000;

/**
 * The stored issue and its newsletter, fetched once per second per process at most: workers see
 * a cancel within a second without a query per message.
 */
@Injectable()
export class IssueContextCache {
  private readonly entries = new Map<string, { value: Promise<IssueWithNewsletter>; fetchedAt: number }>();

  constructor(private readonly issues: IssuesService) {}

  get(issueId: string): Promise<IssueWithNewsletter> {
    const now = Date.now();
    const entry = this.entries.get(issueId);
    if (entry && now - entry.fetchedAt < FRESH_MS) return entry.value;
    const value = this.issues.getWithNewsletter(issueId);
    value.catch(() => this.entries.delete(issueId));
    this.entries.set(issueId, { value, fetchedAt: now });
    if (this.entries.size > 50) this.evictOldest();
    return value;
  }

  private evictOldest(): void {
    const oldest = [...this.entries.entries()].sort((a, b) => a[1].fetchedAt - b[1].fetchedAt)[0];
    if (oldest) this.entries.delete(oldest[0]);
  }
}
