import type PgBoss from 'pg-boss';

/**
 * Every job Postbote runs: its name, its payload, and its queue's retry policy. Producers and
 * processors import their types from here, so a renamed job or a changed payload fails to compile.
 */
export interface JobPayloads {
  'system.queue-probe': { probeId: string };
  /** Resolves an issue's recipients into the delivery ledger (resumable, idempotent). */
  'delivery.resolve-recipients': { issueId: string };
}

export type JobName = keyof JobPayloads;

export const JOB_QUEUES: Record<JobName, Omit<PgBoss.Queue, 'name'>> = {
  'system.queue-probe': { retryLimit: 0, expireInSeconds: 60 },
  'delivery.resolve-recipients': { retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 3600 },
};
