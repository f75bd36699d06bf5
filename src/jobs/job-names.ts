import type PgBoss from 'pg-boss';

/**
 * Every job Postbote runs: its name, its payload, and its queue's retry policy. Producers and
 * processors import their types from here, so a renamed job or a changed payload fails to compile.
 */
export interface JobPayloads {
  'system.queue-probe': { probeId: string };
  /** Posts what is due in the WhatsApp ledger, as far as pacing allows; the ledger is the queue. */
  'whatsapp.drain': { reason: string };
  /** A schedule slot claimed by the scheduler tick: build (and send or hold) its issue. */
  'schedules.process-slot': { slotId: string };
  /** Resolves an issue's recipients into the delivery ledger (resumable, idempotent). */
  'delivery.resolve-recipients': { issueId: string };
  /** Poll one source now (RSS/Atom feed or WordPress REST API). */
  'sources.poll': { sourceId: string };
  /**
   * Domain event `article.published`: a newly published article, raised exactly once per
   * article (the job id is the article id). Consumed by newsletters/schedules.
   */
  'articles.published': { articleId: string };
  'subscribers.send-confirmation': { subscriberId: string };
  'subscribers.purge-pending': { day: string };
}

export type JobName = keyof JobPayloads;

export const JOB_QUEUES: Record<JobName, Omit<PgBoss.Queue, 'name'>> = {
  'system.queue-probe': { retryLimit: 0, expireInSeconds: 60 },
  // stately: at most one drain waiting and one running across all processes, so posts go out
  // one at a time; a drain sent while one waits is dropped (the waiting one covers it).
  'whatsapp.drain': { policy: 'stately', retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 15 * 60 },
  // The slot row guards against double processing; a lost job is re-enqueued by the tick.
  'schedules.process-slot': { retryLimit: 0, expireInSeconds: 600 },
  'delivery.resolve-recipients': { retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 3600 },
  // stately + singletonKey = source id: at most one waiting and one running poll per source.
  // No retries: a failed poll is rescheduled by the source's own backoff.
  'sources.poll': { policy: 'stately', retryLimit: 0, expireInSeconds: 300 },
  'articles.published': { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 600 },
  // A slow or failing SMTP server delays the mail, never the form; retries back off up to ~1 h.
  'subscribers.send-confirmation': { retryLimit: 6, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  'subscribers.purge-pending': { retryLimit: 3, retryDelay: 300, expireInSeconds: 1800 },
};
