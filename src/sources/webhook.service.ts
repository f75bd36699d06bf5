import { BadGatewayException, BadRequestException, Injectable, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ArticleIngestService, type StoreResult } from '#src/articles/article-ingest.service.js';
import { FetchError } from './fetch-error.js';
import type { NormalizedArticle } from './normalized-article.js';
import { announceCutoff, applyTagFilter, failureReason } from './poll-policy.js';
import { excerptOptions, SourceReader } from './source-reader.js';
import { SourceDataError } from './source-data-error.js';
import type { SourceRow } from './sources.schema.js';
import { repairArticleText } from './article-text-repair.js';
import { SourcesRepository } from './sources.repository.js';
import { parseWebhookPayload, type WebhookPayload } from './webhook-payload.parser.js';
import { verifyWebhookSignature } from './webhook-signature.js';

export interface WebhookDelivery {
  rawBody: Buffer | undefined;
  body: unknown;
  signature: string | undefined;
  timestamp: string | undefined;
}

export interface WebhookOutcome {
  action: 'stored' | 'withdrawn' | 'ignored';
  created: number;
  updated: number;
  announced: number;
}

/** Signed pushes: verify, parse, then store exactly as a poll would. */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);

  constructor(
    private readonly sources: SourcesRepository,
    private readonly reader: SourceReader,
    private readonly articles: ArticleIngestService,
  ) {}

  async receive(sourceId: string, delivery: WebhookDelivery): Promise<WebhookOutcome> {
    const source = await this.sources.findById(sourceId);
    if (!source?.webhookSecret) throw new NotFoundException(`no source with id ${sourceId}`);
    const check = delivery.rawBody
      ? verifyWebhookSignature({ secret: source.webhookSecret, signature: delivery.signature, timestamp: delivery.timestamp, rawBody: delivery.rawBody })
      : { ok: false as const, reason: 'body must be application/json' };
    if (!check.ok) {
      this.logger.warn({ msg: 'webhook refused', sourceId, source: source.name, reason: check.reason });
      throw new UnauthorizedException(check.reason);
    }
    const now = new Date();
    try {
      const outcome = await this.apply(source, parseWebhookPayload(delivery.body, { excerpt: excerptOptions(source) }), now);
      await this.sources.recordDelivery(source.id, now, source.kind === 'webhook');
      this.logger.log({ msg: 'webhook applied', sourceId, source: source.name, ...outcome });
      return outcome;
    } catch (error) {
      const reason = failureReason(error);
      await this.sources.recordDeliveryFailure(source.id, now, reason);
      this.logger.warn({ msg: 'webhook failed', sourceId, source: source.name, reason });
      if (error instanceof SourceDataError) throw new BadRequestException([error.message]);
      // The site did not answer the lookup of a changed post: its problem, not ours (and the
      // sender may retry), so a 502 that names it rather than a 500.
      if (error instanceof FetchError) throw new BadGatewayException([`the source's site did not answer the post lookup: ${reason}`]);
      throw error;
    }
  }

  private async apply(source: SourceRow, payload: WebhookPayload, now: Date): Promise<WebhookOutcome> {
    switch (payload.kind) {
      case 'article':
        return this.store(source, payload.article, now);
      case 'post-deleted':
        return this.withdraw(source, payload.postId, now);
      case 'post-changed': {
        if (!source.url) throw new SourceDataError('postId', 'this source has no WordPress URL to fetch the post from');
        const result = await this.reader.wordpressClient(source, source.url).fetchPost(payload.postId);
        return result.kind === 'found' ? this.store(source, this.repaired(source, result.article), now) : this.withdraw(source, payload.postId, now);
      }
    }
  }

  private async store(source: SourceRow, article: NormalizedArticle, now: Date): Promise<WebhookOutcome> {
    if (applyTagFilter([article], source.tagFilter).length === 0) return { action: 'ignored', created: 0, updated: 0, announced: 0 };
    // A push source has no back catalogue: what arrives after it was set up counts as new.
    const cutoff = announceCutoff(source.lastSuccessAt ?? source.createdAt);
    const result: StoreResult = await this.articles.store(source.id, [article], { announcePublishedAfter: cutoff, now });
    return { action: 'stored', created: result.created, updated: result.updated, announced: result.announced };
  }

  /** Fetched from the site, not sent by the caller: cleaned like a poll's articles, not refused. */
  private repaired(source: SourceRow, article: NormalizedArticle): NormalizedArticle {
    const { articles, warnings } = repairArticleText([article]);
    if (warnings.length > 0) this.logger.warn({ msg: 'source items repaired or skipped', sourceId: source.id, source: source.name, reasons: warnings });
    return articles[0];
  }

  private async withdraw(source: SourceRow, postId: number, now: Date): Promise<WebhookOutcome> {
    const withdrawn = await this.articles.withdraw(source.id, String(postId), now);
    return { action: withdrawn ? 'withdrawn' : 'ignored', created: 0, updated: 0, announced: 0 };
  }
}
