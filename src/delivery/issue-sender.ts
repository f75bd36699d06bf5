import { ConflictException, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { WhatsAppPublisher } from '#src/whatsapp/whatsapp-publisher.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveryWakeup } from './delivery-wakeup.js';

/**
 * Starts, cancels and re-tries the sending of an issue. Public API for the schedules feature:
 * - `start(issueId)`: draft → sending; recipients are resolved by a job, workers then deliver.
 * - `cancel(issueId)`: draft|sending → cancelled; every queued delivery becomes `skipped`.
 * - `retryFailed(issueId)`: `failed` deliveries are queued again (the issue reopens to sending).
 */
@Injectable()
export class IssueSender {
  private readonly logger = new Logger('Delivery');

  constructor(
    private readonly issues: IssuesService,
    private readonly deliveries: DeliveriesRepository,
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
    private readonly whatsapp: WhatsAppPublisher,
    private readonly wakeup: DeliveryWakeup,
  ) {}

  async start(issueId: string): Promise<void> {
    const { issue, newsletter } = await this.issues.getWithNewsletter(issueId);
    if (issue.status !== 'draft') throw new ConflictException(`issue is ${issue.status}; only a draft can be sent`);
    if (!newsletter.enabled) throw new UnprocessableEntityException(`newsletter "${newsletter.slug}" is disabled`);
    // RFC 8058 one-click unsubscribe needs https, and mailbox providers drop bulk mail without it.
    // Only a warning: the embedded default (outbox, http://localhost) must work out of the box.
    if (this.config.mail.smtpUrl && !this.config.http.publicUrl.startsWith('https://')) {
      this.logger.warn(`PUBLIC_URL ${this.config.http.publicUrl} is not https: Gmail and Yahoo ignore its one-click List-Unsubscribe`);
    }
    if (!(await this.issues.transition(issueId, ['draft'], 'sending', { sendStartedAt: new Date() }))) {
      throw new ConflictException('issue is no longer a draft');
    }
    if (newsletter.channels.includes('email')) {
      await this.jobs.send('delivery.resolve-recipients', { issueId }, { singletonKey: issueId });
    } else {
      // No email channel: nothing to deliver here, the issue is done once it is queued elsewhere.
      await this.issues.transition(issueId, ['sending'], 'sent', { finishedAt: new Date() });
    }
    if (newsletter.channels.includes('whatsapp')) {
      const result = await this.whatsapp.enqueueIssue(newsletter.id, issueId);
      if (result.skipped) this.logger.warn({ msg: 'issue not queued for WhatsApp', issueId, reason: result.skipped });
    }
    this.logger.log({ msg: 'issue sending started', issueId, newsletter: newsletter.slug, channels: newsletter.channels });
  }

  async cancel(issueId: string): Promise<number> {
    const issue = await this.issues.get(issueId);
    if (!(await this.issues.cancel(issueId))) throw new ConflictException(`issue is ${issue.status}; only a draft or a sending issue can be cancelled`);
    const skipped = await this.deliveries.skipQueuedOfIssue(issueId, 'cancelled');
    this.logger.log({ msg: 'issue cancelled', issueId, skipped });
    return skipped;
  }

  async retryFailed(issueId: string): Promise<number> {
    const issue = await this.issues.get(issueId);
    if (issue.status !== 'sending' && issue.status !== 'sent') throw new ConflictException(`issue is ${issue.status}; nothing to retry`);
    // Reopen first, so a worker never sees queued rows under a finished issue.
    await this.issues.transition(issueId, ['sent'], 'sending', { finishedAt: null });
    const requeued = await this.deliveries.requeueFailed(issueId);
    if (requeued > 0) this.wakeup.notify();
    if (requeued === 0) await this.issues.transition(issueId, ['sending'], issue.status, { finishedAt: issue.finishedAt });
    return requeued;
  }
}
