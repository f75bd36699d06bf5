/** One newsletter mail sent (or attempted) to a subscriber, as the delivery ledger records it. */
export interface DeliveryHistoryEntry {
  readonly issueId: string;
  readonly newsletterSlug: string;
  readonly subject: string;
  /** `queued | sent | failed | rejected | skipped`. */
  readonly status: string;
  /** Why it is not (yet) sent, e.g. `temporary`, `unknown-mailbox`, `unsubscribed`; null when sent. */
  readonly reason: string | null;
  readonly attempts: number;
  /** The receiving server's last SMTP reply (no credentials: our side never puts any there). */
  readonly lastResponse: string | null;
  readonly queuedAt: Date;
  readonly sentAt: Date | null;
  readonly updatedAt: Date;
}

/**
 * Port implemented by the delivery feature (bound app-wide by feature-ports.module.ts): the admin
 * view and the GDPR export show a subscriber's deliveries; an unsubscribe, a suppression, a pause
 * or an unticked newsletter stops the ones still queued; erasure anonymises them.
 */
export abstract class DeliveryHistory {
  /** Newest first, at most the most recent `limit` entries. */
  abstract forSubscriber(subscriberId: string, limit?: number): Promise<DeliveryHistoryEntry[]>;
  /**
   * The subscribers may no longer receive anything (unsubscribed, suppressed, paused): their deliveries
   * still queued end `skipped/unsubscribed` now. A worker that already claimed one in a batch
   * drops it at its check right before sending; only a message it already had in hand goes out.
   */
  abstract stopQueued(subscriberIds: readonly string[]): Promise<void>;
  /**
   * The subscriber left these newsletters (unticked them) but stays subscribed: their deliveries
   * of issues of those newsletters still queued end `skipped/unsubscribed` now, claimed or not,
   * as with `stopQueued`; queued deliveries of the newsletters they kept stay queued.
   */
  abstract stopQueuedFor(subscriberId: string, newsletterSlugs: readonly string[]): Promise<void>;
  /**
   * GDPR erasure: afterwards no delivery record holds the subscriber's id, address, name or SMTP
   * replies; only anonymous per-issue counts remain. Idempotent.
   */
  abstract forgetSubscriber(subscriberId: string, email: string): Promise<void>;
}
