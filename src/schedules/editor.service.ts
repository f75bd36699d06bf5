import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '#src/audit/audit.service.js';
import type { Principal } from '#src/auth/roles.js';
import { Clock } from '#src/system/clock.js';
import { IssueGateway, type DigestPreview, type WelcomeRequest } from './issue-gateway.js';
import { mergeHistory, type HistoryEntry } from './issue-history.js';
import type { SlotStatus } from './schedules.schema.js';
import { SlotsRepository } from './slots.repository.js';

export const TEST_SUBJECT_PREFIX = '[TEST] ';
const HISTORY_SLOTS = 500;

/** What editors do by hand: look at the next digest, test it, send it, approve drafts. */
@Injectable()
export class EditorService {
  constructor(
    private readonly gateway: IssueGateway,
    private readonly slots: SlotsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async preview(newsletterId: string, welcome?: WelcomeRequest): Promise<DigestPreview> {
    await this.assertNewsletter(newsletterId);
    return this.gateway.previewNext(newsletterId, welcome);
  }

  async testSend(actor: Principal, newsletterId: string, to: string[]): Promise<{ sentTo: string[]; subjectPrefix: string }> {
    await this.assertNewsletter(newsletterId);
    const unique = [...new Set(to.map((address) => address.trim().toLowerCase()))];
    await this.gateway.testSend(newsletterId, unique, { subjectPrefix: TEST_SUBJECT_PREFIX });
    await this.audit.record(actor, 'newsletter.test-send', { type: 'newsletter', id: newsletterId }, { to: unique });
    return { sentTo: unique, subjectPrefix: TEST_SUBJECT_PREFIX };
  }

  /** Builds and sends now, outside any schedule; approval mode does not apply to an explicit send. */
  async sendNow(actor: Principal, newsletterId: string, welcome?: WelcomeRequest): Promise<{ issueId: string; articleCount: number }> {
    await this.assertNewsletter(newsletterId);
    const slotKey = `${welcome ? 'welcome' : 'manual'}:${randomUUID()}`;
    const result = await this.gateway.buildIssue(newsletterId, { slotKey, since: null, minArticles: 1, status: 'ready', welcome });
    if (result.kind === 'skipped') {
      await this.audit.record(actor, 'newsletter.send-now', { type: 'newsletter', id: newsletterId }, { outcome: 'skipped', reason: result.reason, welcome: Boolean(welcome) });
      throw new UnprocessableEntityException(`nothing to send: ${result.reason}`);
    }
    await this.gateway.startSending(result.issueId);
    await this.audit.record(actor, 'newsletter.send-now', { type: 'newsletter', id: newsletterId }, { issueId: result.issueId, articleCount: result.articleCount, welcome: Boolean(welcome) });
    return { issueId: result.issueId, articleCount: result.articleCount };
  }

  async approve(actor: Principal, issueId: string): Promise<{ issueId: string; status: 'sending' }> {
    const approved = await this.slots.approve(issueId, this.clock.now());
    if (!approved) {
      const slot = await this.slots.findByIssue(issueId);
      if (!slot) throw new NotFoundException(`issue ${issueId} is not a scheduled draft`);
      const why = slot.status === 'expired' || slot.status === 'awaiting-approval' ? 'its approval deadline has passed' : `it is ${slot.status}`;
      throw new ConflictException(`issue ${issueId} cannot be approved: ${why}`);
    }
    await this.gateway.startSending(issueId);
    await this.audit.record(actor, 'issue.approve', { type: 'issue', id: issueId }, { newsletterId: approved.newsletterId, slotKey: approved.slotKey });
    return { issueId, status: 'sending' };
  }

  /** The scheduled slot behind an issue (null for one sent by hand): awaiting approval until when, or what became of it. */
  async slotOf(issueId: string): Promise<{ status: SlotStatus; reason: string | null; slotAt: Date; expiresAt: Date | null } | null> {
    const slot = await this.slots.findByIssue(issueId);
    return slot ? { status: slot.status, reason: slot.reason, slotAt: slot.slotAt, expiresAt: slot.expiresAt } : null;
  }

  async history(newsletterId: string): Promise<HistoryEntry[]> {
    await this.assertNewsletter(newsletterId);
    const [issues, slots] = await Promise.all([this.gateway.issueHistory(newsletterId), this.slots.listForNewsletter(newsletterId, HISTORY_SLOTS)]);
    return mergeHistory(issues, slots);
  }

  private async assertNewsletter(newsletterId: string): Promise<void> {
    if (!(await this.gateway.newsletterSettings(newsletterId)).exists) throw new NotFoundException(`newsletter ${newsletterId} not found`);
  }
}
