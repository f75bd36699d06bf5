import type PgBoss from 'pg-boss';

/**
 * Every job Postbote runs: its name, its payload, and its queue's retry policy. Producers and
 * processors import their types from here, so a renamed job or a changed payload fails to compile.
 */
export interface JobPayloads {
  'system.queue-probe': { probeId: string };
  /** Posts what is due in the WhatsApp ledger, as far as pacing allows; the ledger is the queue. */
  'whatsapp.drain': { reason: string };
  /** An article became visible on the site (first publication); producers: the article watcher. */
  'articles.published': { articleId: string };
  /** A schedule slot claimed by the scheduler tick: build (and send or hold) its issue. */
  'schedules.process-slot': { slotId: string };
  /** Resolves an issue's recipients into the delivery ledger (resumable, idempotent). */
  'delivery.resolve-recipients': { issueId: string };
}

export type JobName = keyof JobPayloads;

export const JOB_QUEUES: Record<JobName, Omit<PgBoss.Queue, 'name'>> = {
  'system.queue-probe': { retryLimit: 0, expireInSeconds: 60 },
  // stately: at most one drain waiting and one running across all processes, so posts go out
  // one at a time; a drain sent while one waits is dropped (the waiting one covers it).
  'whatsapp.drain': { policy: 'stately', retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 15 * 60 },
  'articles.published': { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
  // The slot row guards against double processing; a lost job is re-enqueued by the tick.
  'schedules.process-slot': { retryLimit: 0, expireInSeconds: 600 },
  'delivery.resolve-recipients': { retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 3600 },
};
