/**
 * What delivery needs from the subscribers feature, as a port (abstract class = DI token). The
 * subscribers module binds the real implementation; delivery never touches subscriber tables.
 */
export interface Recipient {
  subscriberId: string;
  /** Address as the subscriber typed it (display form), used in the To: header. */
  email: string;
  name: string | null;
  locale: 'de' | 'en';
}

export interface RecipientLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
}

export type SuppressionReason = 'unsubscribed' | 'hard-bounce' | 'complaint' | 'unknown-mailbox' | 'manual';

export abstract class SubscriberDirectory {
  /**
   * Confirmed (`active`), not paused, subscribed to the newsletter and not suppressed; ordered by
   * subscriber id and paged by keyset (`afterSubscriberId`), so 100,000 recipients stream in pages.
   */
  abstract listRecipients(newsletterSlug: string, afterSubscriberId: string | null, limit: number): Promise<Recipient[]>;

  /** Of these subscribers, those that may still receive this newsletter right now. */
  abstract filterDeliverable(newsletterSlug: string, subscriberIds: readonly string[]): Promise<Set<string>>;

  /**
   * Subscribers whose subscription changed at or after `since` (unsubscribed, suppressed, paused,
   * newsletter unticked, status set by an admin) and who may not receive this newsletter now.
   * Bounded by the changes since then, not by the number of readers.
   */
  abstract noLongerDeliverableSince(newsletterSlug: string, since: Date): Promise<string[]>;

  /**
   * Puts an address on the suppression list, ends its subscription and stops its queued
   * deliveries (claimed ones included). Unknown addresses too.
   */
  abstract suppressAddress(email: string, reason: SuppressionReason): Promise<void>;

  /** Signed one-click unsubscribe and preferences links (absolute URLs under PUBLIC_URL). */
  abstract linksFor(subscriberId: string): RecipientLinks;
}
