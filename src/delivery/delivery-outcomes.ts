import { Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { AppConfig } from '#src/config/app-config.js';
import { classifySmtpError, type SmtpErrorClass } from '#src/mail/smtp-error.classifier.js';
import type { SendResult } from '#src/mail/mail-transport.js';
import { MetricsService } from '#src/metrics/metrics.service.js';
import { SubscriberDirectory } from '#src/subscribers/subscriber-directory.js';
import { DeliveriesRepository, type ClaimedDelivery } from './deliveries.repository.js';
import { LedgerWriter, type ClaimsToConfirm } from './ledger-writer.js';

export function describeSendError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { response?: unknown; code?: unknown; message?: unknown };
    if (typeof e.response === 'string' && e.response) return e.response;
    const message = typeof e.message === 'string' ? e.message : JSON.stringify(error);
    return typeof e.code === 'string' ? `${e.code}: ${message}` : message;
  }
  return String(error);
}

/** Exponential backoff: base, 2×base, 4×base, … */
export function retryDelayMs(baseMs: number, attempts: number): number {
  return baseMs * 2 ** Math.max(0, attempts - 1);
}

/** Records what a send attempt meant: sent, retry later, failed, or rejected (and suppress). */
@Injectable()
export class DeliveryOutcomes {
  private readonly logger = new Logger('Delivery');
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly ledger: LedgerWriter,
    private readonly directory: SubscriberDirectory,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.outcomes = metrics.counter('deliveries_total', 'Delivery attempts by outcome', ['outcome']);
  }

  /** Records the message as sent; `confirmNext` claims are re-checked in the same write. */
  async sent(delivery: ClaimedDelivery, attempts: number, result: SendResult, confirmNext?: ClaimsToConfirm): Promise<Set<number>> {
    const confirmed = await this.ledger.markSent({ id: delivery.id, attempts, response: result.response, messageId: result.messageId }, confirmNext);
    this.outcomes.inc({ outcome: 'sent' });
    return confirmed;
  }

  async sendFailed(delivery: ClaimedDelivery, attempts: number, error: unknown): Promise<void> {
    const response = describeSendError(error);
    const kind: SmtpErrorClass = classifySmtpError(error);
    this.outcomes.inc({ outcome: kind });
    switch (kind) {
      case 'temporary':
        return this.temporary(delivery, attempts, response);
      case 'unknown-mailbox':
        await this.deliveries.markFinal(delivery.id, 'rejected', 'unknown-mailbox', attempts, response);
        // Also stops the other queued deliveries to the reader (see suppressAddress).
        await this.directory.suppressAddress(delivery.email, 'unknown-mailbox');
        return;
      case 'policy':
        await this.deliveries.markFinal(delivery.id, 'rejected', 'policy', attempts, response);
        // Not the reader's fault: our reputation, DKIM/SPF or content. Someone must look.
        this.logger.error({ msg: 'ALERT: SMTP policy rejection (5.7.x); check sender reputation, DKIM/SPF and content', alert: 'smtp-policy-rejection', issueId: delivery.issueId, deliveryId: delivery.id, response });
        return;
      case 'permanent':
        await this.deliveries.markFinal(delivery.id, 'rejected', 'permanent', attempts, response);
        return;
    }
  }

  /** Our own input was unusable (e.g. a malformed link): retrying cannot help. */
  async invalid(delivery: ClaimedDelivery, attempts: number, error: unknown): Promise<void> {
    const response = describeSendError(error);
    this.outcomes.inc({ outcome: 'invalid' });
    this.logger.error({ msg: 'delivery could not be composed', issueId: delivery.issueId, deliveryId: delivery.id, reason: response });
    await this.deliveries.markFinal(delivery.id, 'failed', 'invalid', attempts, response);
  }

  private async temporary(delivery: ClaimedDelivery, attempts: number, response: string): Promise<void> {
    const { maxAttempts, retryBaseMs } = this.config.delivery;
    if (attempts >= maxAttempts) {
      await this.deliveries.markFinal(delivery.id, 'failed', 'temporary', attempts, response);
      this.logger.warn({ msg: 'delivery failed after retries', issueId: delivery.issueId, deliveryId: delivery.id, attempts, response });
      return;
    }
    await this.deliveries.scheduleRetry(delivery.id, attempts, retryDelayMs(retryBaseMs, attempts), response);
  }
}
