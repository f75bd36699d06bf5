import { Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { MetricsService } from '#src/metrics/metrics.service.js';
import { Clock } from '#src/system/clock.js';
import { IssueGateway } from './issue-gateway.js';
import type { SlotRow, SlotStatus } from './schedules.schema.js';
import { SlotsRepository } from './slots.repository.js';

const MINUTE = 60_000;

/** Turns one claimed slot into an issue (sent, or held for approval) or a skipped slot. */
@Injectable()
export class SlotProcessingService {
  private readonly logger = new Logger(SlotProcessingService.name);
  private readonly outcomes: Counter<'status'>;

  constructor(
    private readonly slots: SlotsRepository,
    private readonly gateway: IssueGateway,
    private readonly clock: Clock,
    metrics: MetricsService,
  ) {
    this.outcomes = metrics.counter('schedule_slots_total', 'Processed schedule slots by outcome', ['status']);
  }

  async process(slotId: string): Promise<void> {
    const slot = await this.slots.startProcessing(slotId, this.clock.now());
    if (!slot) return; // another job already handled it
    let status: SlotStatus;
    try {
      status = await this.buildFor(slot);
    } catch (error) {
      // Recorded rather than retried: buildIssue may have sent; a human decides (send-now).
      const reason = error instanceof Error ? error.message : String(error);
      await this.slots.finish(slot.id, { status: 'failed', reason }, this.clock.now());
      this.logger.error({ msg: 'schedule slot failed', newsletterId: slot.newsletterId, slotKey: slot.slotKey, err: error });
      status = 'failed';
    }
    this.outcomes.inc({ status });
  }

  private async buildFor(slot: SlotRow): Promise<SlotStatus> {
    const settings = await this.gateway.newsletterSettings(slot.newsletterId);
    if (!settings.exists) return this.skip(slot, 'newsletter no longer exists');
    if (!settings.enabled) return this.skip(slot, 'newsletter is paused');
    const since = (await this.slots.previousIssueSlotAt(slot.newsletterId, slot.slotAt)) ?? null;
    const draft = settings.approvalMode === 'approval';
    const result = await this.gateway.buildIssue(slot.newsletterId, {
      slotKey: slot.slotKey,
      since,
      minArticles: settings.minArticles,
      status: draft ? 'draft' : 'ready',
    });
    if (result.kind === 'skipped') return this.skip(slot, result.reason);
    const now = this.clock.now();
    if (draft) {
      const deadline = settings.approvalDeadlineMinutes;
      const expiresAt = deadline === null ? null : new Date(now.getTime() + deadline * MINUTE);
      await this.slots.finish(slot.id, { status: 'awaiting-approval', issueId: result.issueId, articleCount: result.articleCount, expiresAt }, now);
      this.logger.log({ msg: 'issue waits for approval', newsletterId: slot.newsletterId, issueId: result.issueId, expiresAt });
      return 'awaiting-approval';
    }
    await this.gateway.startSending(result.issueId);
    const status: SlotStatus = slot.catchUp ? 'caught-up' : 'fired';
    await this.slots.finish(slot.id, { status, issueId: result.issueId, articleCount: result.articleCount }, this.clock.now());
    this.logger.log({ msg: 'schedule slot fired', newsletterId: slot.newsletterId, slotKey: slot.slotKey, issueId: result.issueId, status });
    return status;
  }

  private async skip(slot: SlotRow, reason: string): Promise<SlotStatus> {
    await this.slots.finish(slot.id, { status: 'skipped', reason }, this.clock.now());
    this.logger.log({ msg: 'schedule slot skipped', newsletterId: slot.newsletterId, slotKey: slot.slotKey, reason });
    return 'skipped';
  }
}
