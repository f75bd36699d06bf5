import { Injectable, Logger } from '@nestjs/common';
import { JobsService } from '#src/jobs/jobs.service.js';
import type { NormalizedArticle } from '#src/sources/normalized-article.js';
import { ArticleIngestRepository } from './article-ingest.repository.js';
import { contentHashOf, type UpsertSummary } from './article-record.js';
import { ArticlesRepository } from './articles.repository.js';

export interface StoreOptions {
  /** Undefined: a source's first sync, which stores its back catalogue without announcing. */
  announcePublishedAfter?: Date;
  now: Date;
}

export interface StoreResult extends Omit<UpsertSummary, 'announceIds'> {
  announced: number;
}

const ANNOUNCE_BATCH = 500;

/**
 * Where sources hand over what they found. Storing is one transaction per call; announcing
 * happens after the commit, so an announced article is always visible to the consumer.
 */
@Injectable()
export class ArticleIngestService {
  private readonly logger = new Logger(ArticleIngestService.name);

  constructor(
    private readonly ingest: ArticleIngestRepository,
    private readonly articles: ArticlesRepository,
    private readonly jobs: JobsService,
  ) {}

  async store(sourceId: string, found: readonly NormalizedArticle[], options: StoreOptions): Promise<StoreResult> {
    const items = found.map((article) => ({ externalId: article.externalId, article, contentHash: contentHashOf(article) }));
    const { announceIds, ...counts } = await this.ingest.upsertFromSource(sourceId, items, options);
    const announced = announceIds.length > 0 ? await this.announcePending(options.now) : 0;
    return { ...counts, announced };
  }

  async withdraw(sourceId: string, externalId: string, now: Date): Promise<boolean> {
    return (await this.ingest.withdrawByExternalId(sourceId, externalId, now)) !== undefined;
  }

  /**
   * Raises `article.published` for every article marked pending. The job id is the article id,
   * so a second worker (or a retry after a crash between enqueue and mark) enqueues nothing new;
   * the conditional mark then records it once.
   */
  async announcePending(now = new Date()): Promise<number> {
    let announced = 0;
    for (const articleId of await this.articles.listPendingAnnouncements(ANNOUNCE_BATCH)) {
      await this.jobs.send('articles.published', { articleId }, { id: articleId });
      if (await this.articles.markAnnounced(articleId, now)) {
        announced++;
        this.logger.log({ msg: 'article announced', articleId });
      }
    }
    return announced;
  }
}
