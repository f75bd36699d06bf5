/** One mail sent (or attempted) to a subscriber, as the delivery feature records it. */
export interface DeliveryHistoryEntry {
  readonly newsletterSlug: string;
  readonly issueId: string;
  readonly status: string;
  readonly at: Date;
}

/**
 * Port for the delivery feature: it binds this (and exports it) so the admin view and the GDPR
 * export include delivery history. Until it is bound, both say `deliveryHistory: null`.
 */
export abstract class DeliveryHistory {
  abstract forSubscriber(subscriberId: string): Promise<DeliveryHistoryEntry[]>;
}
