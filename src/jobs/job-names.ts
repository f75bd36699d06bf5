import type PgBoss from 'pg-boss';

/**
 * Every job Postbote runs: its name, its payload, and its queue's retry policy. Producers and
 * processors import their types from here, so a renamed job or a changed payload fails to compile.
 */
export interface JobPayloads {
  'system.queue-probe': { probeId: string };
  /** Poll one source now (RSS/Atom feed or WordPress REST API). */
  'sources.poll': { sourceId: string };
  /**
   * Domain event `article.published`: a newly published article, raised exactly once per
   * article (the job id is the article id). Consumed by newsletters/schedules.
   */
  'articles.published': { articleId: string };
}

export type JobName = keyof JobPayloads;

export const JOB_QUEUES: Record<JobName, Omit<PgBoss.Queue, 'name'>> = {
  'system.queue-probe': { retryLimit: 0, expireInSeconds: 60 },
  // stately + singletonKey = source id: at most one waiting and one running poll per source.
  // No retries: a failed poll is rescheduled by the source's own backoff.
  'sources.poll': { policy: 'stately', retryLimit: 0, expireInSeconds: 300 },
  'articles.published': { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 600 },
};
