import { FeedParseError } from './feed-parse-error.js';
import { FetchError } from './fetch-error.js';
import type { NormalizedArticle } from './normalized-article.js';
import { SourceDataError } from './source-data-error.js';

/** Publication times may run this far ahead of our clock and still count as "after the last sync". */
export const CLOCK_SKEW_MARGIN_MS = 5 * 60_000;
/** Backoff never waits longer than this (or the source's own interval, if that is longer). */
export const MAX_BACKOFF_MS = 6 * 3600_000;
/** A crashed poller's lease runs out after this, so the source is polled again. */
export const POLL_LEASE_MS = 10 * 60_000;

/** Delay before the next poll: the interval, doubled per consecutive failure, capped. */
export function nextPollDelayMs(intervalSeconds: number, consecutiveFailures: number): number {
  const interval = intervalSeconds * 1000;
  if (consecutiveFailures <= 0) return interval;
  return Math.min(interval * 2 ** Math.min(consecutiveFailures, 20), Math.max(interval, MAX_BACKOFF_MS));
}

/**
 * Articles first seen after this instant are announced; undefined on the first sync (back
 * catalogue). The margin covers a publisher clock slightly behind ours.
 */
export function announceCutoff(lastSuccessAt: Date | null): Date | undefined {
  return lastSuccessAt ? new Date(lastSuccessAt.getTime() - CLOCK_SKEW_MARGIN_MS) : undefined;
}

/** Keeps articles carrying any of the filter's tag slugs; no filter keeps everything. */
export function applyTagFilter(articles: readonly NormalizedArticle[], tagFilter: readonly string[] | null): NormalizedArticle[] {
  if (!tagFilter || tagFilter.length === 0) return [...articles];
  const wanted = new Set(tagFilter);
  return articles.filter((a) => a.tags.some((t) => wanted.has(t.slug)));
}

/** A short reason for the source's "last error" and the log line; never a stack trace. */
export function failureReason(error: unknown): string {
  if (error instanceof FetchError || error instanceof FeedParseError) return error.reason;
  if (error instanceof SourceDataError) return `bad data: ${error.message}`;
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}

/** A feed of 50,000 undated items must not produce 50,000 log lines or a huge sync response. */
export const MAX_REPORTED_WARNINGS = 20;

export function summarizeWarnings(warnings: readonly string[]): string[] {
  if (warnings.length <= MAX_REPORTED_WARNINGS) return [...warnings];
  return [...warnings.slice(0, MAX_REPORTED_WARNINGS), `… and ${warnings.length - MAX_REPORTED_WARNINGS} more`];
}
