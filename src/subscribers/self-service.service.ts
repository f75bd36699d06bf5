import { Injectable } from '@nestjs/common';
import { DeliveryHistory } from './delivery-history.js';
import { NewsletterOptions, type NewsletterOption } from './newsletter-options.js';
import { readerNameProblem } from './subscriber-name.js';
import { SubscriberTokenError, SubscriberTokenService, type TokenPurpose } from './subscriber-token.js';
import { SubscribersRepository, type SubscriberRow } from './subscribers.repository.js';
import type { PreferencesInput, RequestMeta } from './subscription.types.js';

/** A token that does not verify or points to no subscriber (erased); answered with a 400 page. */
export class InvalidLinkError extends Error {
  constructor(readonly reason: string) {
    super(`link: ${reason}`);
    this.name = 'InvalidLinkError';
  }
}

export interface PreferencesView {
  subscriber: SubscriberRow;
  newsletters: string[];
  options: NewsletterOption[];
}

export type ConfirmOutcome = 'confirmed' | 'already-confirmed';

export type PreferencesOutcome =
  | { readonly kind: 'saved'; readonly view: PreferencesView }
  /** Nothing was changed; `view` shows what is stored. */
  | { readonly kind: 'invalid'; readonly errors: readonly { field: string; message: string }[]; readonly view: PreferencesView };

/** What a reader does through signed links: confirm, preferences, unsubscribe. No login. */
@Injectable()
export class SelfServiceService {
  constructor(
    private readonly repository: SubscribersRepository,
    private readonly tokens: SubscriberTokenService,
    private readonly newsletterOptions: NewsletterOptions,
    private readonly deliveries: DeliveryHistory,
  ) {}

  /** Single use: the row's tokenVersion must match and is bumped; the click is recorded. */
  async confirm(token: string, meta: RequestMeta): Promise<{ outcome: ConfirmOutcome; subscriberId: string }> {
    const claims = this.verify(token, 'confirm');
    if (claims.purpose !== 'confirm') throw new InvalidLinkError('wrong-purpose');
    return this.repository.transaction(async (repo) => {
      const confirmed = await repo.confirmWithVersion(claims.subscriberId, claims.tokenVersion, new Date());
      if (confirmed === undefined) {
        const row = await repo.findById(claims.subscriberId);
        // A second click on a used link by someone already subscribed: say so, change nothing.
        if (row?.status === 'active') return { outcome: 'already-confirmed' as const, subscriberId: row.id };
        throw new InvalidLinkError(row === undefined ? 'unknown-subscriber' : 'used-or-replaced');
      }
      // Completing double opt-in again is the one way off the suppression list.
      await repo.removeSuppression(confirmed.suppressionHash);
      const signup = (await repo.consentHistory(confirmed.id)).filter((event) => event.kind === 'subscribe' || event.kind === 'import').at(-1);
      await repo.addConsentEvent({
        subscriberId: confirmed.id,
        kind: 'confirm',
        source: 'link',
        ip: meta.ip,
        userAgent: meta.userAgent,
        wordingVersion: signup?.wordingVersion ?? null,
        newsletters: await repo.newslettersOf(confirmed.id),
      });
      return { outcome: 'confirmed' as const, subscriberId: confirmed.id };
    });
  }

  async preferences(token: string): Promise<PreferencesView> {
    const subscriber = await this.subscriberFor(token, 'preferences');
    return {
      subscriber,
      newsletters: await this.repository.newslettersOf(subscriber.id),
      options: await this.optionsIncluding(await this.repository.newslettersOf(subscriber.id)),
    };
  }

  async updatePreferences(token: string, input: PreferencesInput, meta: RequestMeta): Promise<PreferencesOutcome> {
    const subscriber = await this.subscriberFor(token, 'preferences');
    // The same rule as /subscribe: a reader must not be able to store here what signing up refuses.
    const nameProblem = readerNameProblem(input.name, meta.locale);
    if (nameProblem !== undefined) return { kind: 'invalid', errors: [nameProblem], view: await this.preferences(token) };
    const held = await this.repository.newslettersOf(subscriber.id);
    const allowed = new Set((await this.optionsIncluding(held)).map((option) => option.slug));
    const newsletters = input.newsletters.filter((slug) => allowed.has(slug));
    const { left, pausedNow } = await this.repository.transaction(async (repo) => {
      const before = await repo.findById(subscriber.id);
      const heldBefore = await repo.newslettersOf(subscriber.id);
      await repo.update(subscriber.id, { name: input.name, paused: input.paused });
      await repo.replaceNewsletters(subscriber.id, newsletters);
      await repo.addConsentEvent({
        subscriberId: subscriber.id,
        kind: 'change',
        source: 'link',
        ip: meta.ip,
        userAgent: meta.userAgent,
        newsletters,
        note: input.paused ? 'paused' : null,
      });
      return { left: heldBefore.filter((slug) => !newsletters.includes(slug)), pausedNow: input.paused && before?.paused === false };
    });
    // After the commit, as for an unsubscribe: also the deliveries a worker already claimed in a
    // batch of an issue being sent right now. A pause means no mail at all until it is lifted.
    if (pausedNow) await this.deliveries.stopQueued([subscriber.id]);
    else await this.deliveries.stopQueuedFor(subscriber.id, left);
    return { kind: 'saved', view: await this.preferences(token) };
  }

  /**
   * RFC 8058 one-click: immediate and idempotent. It also stops the reader's queued deliveries,
   * including those a worker already claimed in a batch (an issue being sent right now); those
   * not claimed yet would also be dropped by delivery's `filterDeliverable`. A link of an erased
   * subscriber is a no-op.
   */
  async unsubscribe(token: string, meta: RequestMeta): Promise<void> {
    const claims = this.verify(token, 'unsubscribe');
    const ended = await this.repository.transaction(async (repo) => {
      const row = await repo.findById(claims.subscriberId);
      if (row === undefined) return [];
      const endedIds = await repo.suppress(row.suppressionHash, 'unsubscribed', 'unsubscribed', new Date());
      if (!endedIds.includes(row.id)) return endedIds;
      await repo.bumpTokenVersion(row.id);
      await repo.addConsentEvent({ subscriberId: row.id, kind: 'unsubscribe', source: 'link', ip: meta.ip, userAgent: meta.userAgent, newsletters: [] });
      return endedIds;
    });
    // After the commit: a worker claiming from now on sees the reader as undeliverable anyway.
    await this.deliveries.stopQueued(ended);
  }

  /** Checks an unsubscribe link without acting on it (the GET page). */
  checkUnsubscribeToken(token: string): void {
    this.verify(token, 'unsubscribe');
  }

  private async subscriberFor(token: string, purpose: TokenPurpose): Promise<SubscriberRow> {
    const claims = this.verify(token, purpose);
    const row = await this.repository.findById(claims.subscriberId);
    if (row === undefined) throw new InvalidLinkError('unknown-subscriber');
    return row;
  }

  /** Offered newsletters plus any the subscriber already holds (so saving never drops one silently). */
  private async optionsIncluding(held: readonly string[]): Promise<NewsletterOption[]> {
    const options = await this.newsletterOptions.list();
    const known = new Set(options.map((option) => option.slug));
    return [...options, ...held.filter((slug) => !known.has(slug)).map((slug) => ({ slug, name: slug, description: '' }))];
  }

  private verify(token: string, purpose: TokenPurpose) {
    try {
      return this.tokens.verify(token, purpose);
    } catch (error) {
      if (error instanceof SubscriberTokenError) throw new InvalidLinkError(error.reason);
      throw error;
    }
  }
}
