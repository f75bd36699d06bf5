import { Injectable, Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { createHmac } from 'node:crypto';
import { AppConfig } from '#src/config/app-config.js';
import { JobsService } from '#src/jobs/jobs.service.js';
import { MetricsService } from '#src/metrics/metrics.service.js';
import { isHoneypotTripped } from './abuse/honeypot.js';
import { decideConfirmationMail, decideSubscribe, type SubscribeLimits } from './abuse/rate-limit.policy.js';
import { RateLimitRepository } from './abuse/rate-limit.repository.js';
import { allConsentWordings, CURRENT_CONSENT_VERSION, type PageLocale } from './consent/consent-wording.js';
import { suppressionHash, tryParseEmailAddress, type EmailAddress } from './email-address.js';
import { NewsletterOptions } from './newsletter-options.js';
import { readerNameProblem } from './subscriber-name.js';
import { SubscribersRepository, type SubscriberRow } from './subscribers.repository.js';
import type { RequestMeta, SubscribeInput, SubscribeOutcome } from './subscription.types.js';

const HOUR = 3600;

type FieldError = { field: string; message: string };

const MESSAGES: Readonly<Record<PageLocale, { email: (reason: string) => string; consent: string; newsletters: string }>> = {
  de: {
    email: (reason) => `E-Mail-Adresse ist ungültig (${reason}).`,
    consent: 'Bitte bestätigen Sie die Einwilligung.',
    newsletters: 'Bitte wählen Sie mindestens einen der angebotenen Newsletter.',
  },
  en: {
    email: (reason) => `Email address is invalid (${reason}).`,
    consent: 'Please confirm your consent.',
    newsletters: 'Please choose at least one of the newsletters offered.',
  },
};

/**
 * `POST /subscribe`: validation, rate limits, and the double opt-in start. Every accepted request
 * gets the same answer whether the address is new, pending or active (no enumeration).
 */
@Injectable()
export class SubscribeService {
  private readonly logger = new Logger(SubscribeService.name);
  private readonly limits: SubscribeLimits;
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: SubscribersRepository,
    private readonly rateLimits: RateLimitRepository,
    private readonly newsletters: NewsletterOptions,
    private readonly jobs: JobsService,
    metrics: MetricsService,
  ) {
    this.outcomes = metrics.counter('subscribe_requests_total', 'POST /subscribe by outcome', ['outcome']);
    const { perIpPerHour, perAddressPerHour, confirmationMailsPerDay } = config.subscribers.limits;
    this.limits = {
      perIp: { limit: perIpPerHour, windowSeconds: HOUR },
      perAddress: { limit: perAddressPerHour, windowSeconds: HOUR },
      confirmationMailsPerAddress: { limit: confirmationMailsPerDay, windowSeconds: 24 * HOUR },
    };
  }

  async subscribe(input: SubscribeInput, meta: RequestMeta): Promise<SubscribeOutcome> {
    const outcome = await this.decide(input, meta);
    this.outcomes.inc({ outcome: outcome.kind });
    return outcome;
  }

  private async decide(input: SubscribeInput, meta: RequestMeta): Promise<SubscribeOutcome> {
    if (isHoneypotTripped(input.raw)) {
      this.logger.log({ msg: 'subscribe: honeypot filled, request ignored' });
      return { kind: 'accepted' };
    }
    const parsed = tryParseEmailAddress(input.email);
    const now = new Date();
    const ipUsage = meta.ip === null ? null : await this.rateLimits.hit(`ip:${this.keyed(meta.ip)}`, HOUR, now);
    const addressUsage = parsed.ok ? await this.rateLimits.hit(`addr:${this.hashOf(parsed.address)}`, HOUR, now) : null;
    const decision = decideSubscribe(this.limits, { ip: ipUsage, address: addressUsage }, now);
    if (!decision.allowed) {
      this.logger.warn({ msg: 'subscribe: rate limited', limitedBy: decision.limitedBy });
      return { kind: 'rate-limited', retryAfterSeconds: decision.retryAfterSeconds };
    }
    const errors = await this.validate(input, parsed.ok ? null : parsed.reason, meta.locale);
    if (errors.length > 0 || !parsed.ok) return { kind: 'invalid', errors };
    const subscriberId = await this.register(parsed.address, input, meta);
    if (subscriberId !== null) await this.queueConfirmationMail(subscriberId, parsed.address, now);
    return { kind: 'accepted' };
  }

  private async validate(input: SubscribeInput, emailReason: string | null, locale: PageLocale): Promise<FieldError[]> {
    const messages = MESSAGES[locale];
    const errors: FieldError[] = [];
    if (emailReason !== null) errors.push({ field: 'email', message: messages.email(emailReason) });
    const nameProblem = readerNameProblem(input.name, locale);
    if (nameProblem !== undefined) errors.push(nameProblem);
    const offered = new Set((await this.newsletters.list()).map((option) => option.slug));
    const chosenOk = input.newsletters.every((slug) => offered.has(slug)) && (offered.size === 0 || input.newsletters.length > 0);
    if (!chosenOk) errors.push({ field: 'newsletters', message: messages.newsletters });
    if (!input.consent) errors.push({ field: 'consent', message: messages.consent });
    return errors;
  }

  /** Creates or re-opens the subscription; null when it is already active (nothing to send). */
  private async register(address: EmailAddress, input: SubscribeInput, meta: RequestMeta): Promise<string | null> {
    // The form posts the version it showed; anything unknown is recorded as the current wording.
    const shown = allConsentWordings().find((wording) => wording.version === input.consentVersion);
    const wordingVersion = shown?.version ?? CURRENT_CONSENT_VERSION;
    return this.repository.transaction(async (repo) => {
      const existing = await repo.findByEmailKey(address.key);
      if (existing?.status === 'active') return null;
      const subscriber = existing ? await this.reopen(repo, existing, input, meta) : await this.create(repo, address, input, meta);
      await repo.addConsentEvent({
        subscriberId: subscriber.id,
        kind: 'subscribe',
        source: 'form',
        ip: meta.ip,
        userAgent: meta.userAgent,
        wordingVersion,
        newsletters: input.newsletters,
      });
      return subscriber.id;
    });
  }

  private async create(repo: SubscribersRepository, address: EmailAddress, input: SubscribeInput, meta: RequestMeta): Promise<SubscriberRow> {
    return repo.insert({
      email: address.display,
      emailKey: address.key,
      suppressionHash: this.hashOf(address),
      name: input.name,
      status: 'pending',
      locale: meta.locale,
      source: 'form',
      newsletters: input.newsletters,
    });
  }

  /** Pending again: a new double opt-in; old confirm links stop working (version bump). */
  private async reopen(repo: SubscribersRepository, row: SubscriberRow, input: SubscribeInput, meta: RequestMeta): Promise<SubscriberRow> {
    const now = new Date();
    const wasPending = row.status === 'pending';
    await repo.update(row.id, {
      status: 'pending',
      locale: meta.locale,
      // Restarts the retention clock, so a fresh confirm link is not purged before it expires.
      statusChangedAt: now,
      ...(wasPending ? {} : { confirmedAt: null, name: input.name, paused: false }),
    });
    if (!wasPending) await repo.bumpTokenVersion(row.id);
    await repo.replaceNewsletters(row.id, input.newsletters);
    return row;
  }

  private async queueConfirmationMail(subscriberId: string, address: EmailAddress, now: Date): Promise<void> {
    const usage = await this.rateLimits.hit(`mail:${this.hashOf(address)}`, 24 * HOUR, now);
    if (!decideConfirmationMail(this.limits, usage, now).allowed) {
      this.logger.warn({ msg: 'subscribe: confirmation mail limit reached for this address; no mail sent', subscriberId });
      return;
    }
    await this.jobs.send('subscribers.send-confirmation', { subscriberId });
  }

  private hashOf(address: EmailAddress): string {
    return suppressionHash(address, this.config.secretKey);
  }

  /** Rate-limit keys hold a keyed hash of the IP, never the IP itself. */
  private keyed(value: string): string {
    return createHmac('sha256', this.config.secretKey).update(`rate-limit:${value}`).digest('hex').slice(0, 32);
  }
}
