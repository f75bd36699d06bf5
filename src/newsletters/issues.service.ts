import { Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { personalise } from '#src/rendering/digest-renderer.js';
import type { IssueResponse } from './dto/issue.dto.js';
import { archiveIssueUrl } from './issue-builder.js';
import { IssuesRepository, type IssueProgressRow, type IssueSummary } from './issues.repository.js';
import { NewslettersService } from './newsletters.service.js';
import type { IssueRow, IssueStatus, NewsletterRow } from './newsletters.schema.js';

export interface IssueWithNewsletter {
  readonly issue: IssueRow;
  readonly newsletter: NewsletterRow;
}

/**
 * Issues as stored, their status transitions (used by delivery) and the public archive. Status
 * flow: draft → sending → sent | cancelled (a `sent` issue reopens to `sending` for retry-failed).
 */
@Injectable()
export class IssuesService {
  constructor(
    private readonly issues: IssuesRepository,
    private readonly newsletters: NewslettersService,
    private readonly config: AppConfig,
  ) {}

  /** Issues being sent now, with their newsletter's name (overview screens poll this). */
  async sending(limit = 20): Promise<IssueProgressRow[]> {
    return this.issues.progressRows({ sending: true }, limit);
  }

  /** Issues whose send started at or after `since`. */
  async startedSince(since: Date, limit = 500): Promise<IssueProgressRow[]> {
    return this.issues.progressRows({ startedSince: since }, limit);
  }

  async get(id: string): Promise<IssueRow> {
    const issue = await this.issues.findById(id);
    if (!issue) throw new NotFoundException(`issue ${id} not found`);
    return issue;
  }

  async getWithNewsletter(id: string): Promise<IssueWithNewsletter> {
    const issue = await this.get(id);
    return { issue, newsletter: await this.newsletters.get(issue.newsletterId) };
  }

  /** Unknown ids are left out. */
  summaries(ids: readonly string[]): Promise<IssueSummary[]> {
    return this.issues.summaries(ids);
  }

  articleIds(id: string): Promise<string[]> {
    return this.issues.articleIds(id);
  }

  transition(id: string, from: readonly IssueStatus[], to: IssueStatus, extra: Partial<Pick<IssueRow, 'sendStartedAt' | 'finishedAt'>> = {}): Promise<boolean> {
    return this.issues.transition(id, from, to, extra);
  }

  /** Cancelling a draft frees its articles for the next issue; a cancelled send keeps them (some readers got them). */
  async cancel(id: string): Promise<boolean> {
    const issue = await this.get(id);
    const ok = await this.issues.transition(id, ['draft', 'sending'], 'cancelled', { finishedAt: new Date() });
    if (ok && issue.status === 'draft') await this.issues.releaseArticles(id);
    return ok;
  }

  /** Recipient resolution under a lease (see IssuesRepository.claimResolution and docs/delivery.md). */
  claimResolution(issueId: string | null, owner: string, leaseSeconds: number): Promise<IssueRow | undefined> {
    return this.issues.claimResolution(issueId, owner, leaseSeconds);
  }

  advanceResolution(id: string, owner: string, cursor: string | null, leaseSeconds: number): Promise<boolean> {
    return this.issues.advanceResolution(id, owner, cursor, leaseSeconds);
  }

  finishResolution(id: string, owner: string, recipientCount: number): Promise<boolean> {
    return this.issues.finishResolution(id, owner, recipientCount);
  }

  releaseResolutions(ownerPrefix: string): Promise<number> {
    return this.issues.releaseResolutions(ownerPrefix);
  }

  async archiveList(slug: string): Promise<{ newsletter: NewsletterRow; issues: IssueRow[] }> {
    const newsletter = await this.newsletters.getBySlug(slug);
    return { newsletter, issues: await this.issues.listByNewsletter(newsletter.id, ['sending', 'sent'], 200) };
  }

  /**
   * The public "view in browser" page: the stored issue with neutral recipient fields (no name,
   * links to the public subscribe page instead of anyone's signed links).
   */
  async archivePage(slug: string, issueId: string): Promise<string> {
    const newsletter = await this.newsletters.getBySlug(slug);
    const issue = await this.issues.findById(issueId);
    if (!issue || issue.newsletterId !== newsletter.id || (issue.status !== 'sending' && issue.status !== 'sent')) {
      throw new NotFoundException(`issue ${issueId} is not in the archive of "${slug}"`);
    }
    const subscribeUrl = `${this.config.http.publicUrl}/subscribe?newsletter=${encodeURIComponent(slug)}`;
    return personalise(issue, { unsubscribeUrl: subscribeUrl, preferencesUrl: subscribeUrl }).html;
  }

  /** The API view of an issue (without delivery stats, which the delivery feature adds). */
  async toResponse(issue: IssueRow, newsletterSlug: string): Promise<IssueResponse> {
    return {
      id: issue.id,
      newsletterId: issue.newsletterId,
      slotKey: issue.slotKey,
      subject: issue.subject,
      status: issue.status,
      articleCount: issue.articleCount,
      articleIds: await this.articleIds(issue.id),
      archiveUrl: archiveIssueUrl(this.config.http.publicUrl, newsletterSlug, issue.id),
      createdAt: issue.createdAt,
      sendStartedAt: issue.sendStartedAt,
      finishedAt: issue.finishedAt,
    };
  }

  /** The newsletter's issues, newest first (editor history). */
  history(newsletterId: string, limit = 100): Promise<IssueRow[]> {
    return this.issues.listByNewsletter(newsletterId, ['draft', 'sending', 'sent', 'cancelled'], limit);
  }

  /** Editor preview of a stored issue (any status), with neutral recipient fields. */
  async previewHtml(id: string): Promise<string> {
    const { issue, newsletter } = await this.getWithNewsletter(id);
    const subscribeUrl = `${this.config.http.publicUrl}/subscribe?newsletter=${encodeURIComponent(newsletter.slug)}`;
    return personalise(issue, { unsubscribeUrl: subscribeUrl, preferencesUrl: subscribeUrl }).html;
  }
}
