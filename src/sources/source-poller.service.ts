import { Injectable, Logger } from '@nestjs/common';
import { ArticleIngestService } from '#src/articles/article-ingest.service.js';
import type { Counter } from 'prom-client';
import { MetricsService } from '#src/metrics/metrics.service.js';
import { announceCutoff, applyTagFilter, failureReason, nextPollDelayMs, POLL_LEASE_MS, summarizeWarnings } from './poll-policy.js';
import { SourceReader } from './source-reader.js';
import type { SourceRow } from './sources.schema.js';
import { SourcesRepository } from './sources.repository.js';

export interface PollOutcome {
  status: 'ok' | 'not-modified' | 'failed' | 'busy' | 'skipped';
  /** Articles the source delivered (after the tag filter). */
  found: number;
  created: number;
  updated: number;
  unchanged: number;
  announced: number;
  warnings: string[];
  error?: string;
}

const EMPTY = { found: 0, created: 0, updated: 0, unchanged: 0, announced: 0, warnings: [] };

/** One poll of one source: fetch, store in one transaction, announce, record health. */
@Injectable()
export class SourcePollerService {
  private readonly logger = new Logger(SourcePollerService.name);
  private readonly polls: Counter<'result'>;

  constructor(
    private readonly sources: SourcesRepository,
    private readonly reader: SourceReader,
    private readonly articles: ArticleIngestService,
    metrics: MetricsService,
  ) {
    this.polls = metrics.counter('source_polls_total', 'Source polls by result', ['result']);
  }

  async poll(sourceId: string, trigger: 'schedule' | 'manual'): Promise<PollOutcome> {
    const current = await this.sources.findById(sourceId);
    if (!current || current.kind === 'webhook' || !current.url) return { status: 'skipped', ...EMPTY };
    if (!current.enabled && trigger === 'schedule') return { status: 'skipped', ...EMPTY };
    const now = new Date();
    const source = await this.sources.claimPoll(sourceId, now, new Date(now.getTime() + POLL_LEASE_MS));
    if (!source) return { status: 'busy', ...EMPTY };
    try {
      return await this.pollClaimed(source, now);
    } catch (error) {
      return this.fail(source, now, error);
    }
  }

  private async pollClaimed(source: SourceRow, now: Date): Promise<PollOutcome> {
    const read = await this.reader.read(source, now);
    const nextPollAt = new Date(now.getTime() + nextPollDelayMs(source.pollIntervalSeconds, 0));
    const validators = { etag: read.etag, lastModifiedHeader: read.lastModified, bodyHash: read.bodyHash };
    if (read.kind === 'not-modified') {
      await this.sources.recordSuccess(source.id, { at: now, nextPollAt, ...validators });
      this.polls.inc({ result: 'not-modified' });
      this.logger.debug({ msg: 'source not modified', sourceId: source.id, source: source.name });
      return { status: 'not-modified', ...EMPTY };
    }
    const wanted = applyTagFilter(read.articles, source.tagFilter);
    const stored = await this.articles.store(source.id, wanted, { announcePublishedAfter: announceCutoff(source.lastSuccessAt), now });
    const warnings = summarizeWarnings(read.warnings);
    await this.sources.recordSuccess(source.id, { at: now, nextPollAt, ...validators, warnings });
    if (warnings.length > 0) {
      this.logger.warn({ msg: 'source items repaired or skipped', sourceId: source.id, source: source.name, count: read.warnings.length, reasons: warnings });
    }
    this.polls.inc({ result: 'ok' });
    this.logger.log({ msg: 'source polled', sourceId: source.id, source: source.name, found: wanted.length, ...stored });
    return { status: 'ok', found: wanted.length, ...stored, warnings };
  }

  private async fail(source: SourceRow, now: Date, error: unknown): Promise<PollOutcome> {
    const reason = failureReason(error);
    const consecutiveFailures = source.consecutiveFailures + 1;
    const nextPollAt = new Date(now.getTime() + nextPollDelayMs(source.pollIntervalSeconds, consecutiveFailures));
    await this.sources.recordFailure(source.id, { at: now, reason, consecutiveFailures, nextPollAt });
    this.polls.inc({ result: 'failed' });
    this.logger.warn({ msg: 'source poll failed', sourceId: source.id, source: source.name, reason, consecutiveFailures, nextPollAt });
    return { status: 'failed', ...EMPTY, error: reason };
  }
}
