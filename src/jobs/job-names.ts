import type PgBoss from 'pg-boss';

/**
 * Every job Postbote runs: its name, its payload, and its queue's retry policy. Producers and
 * processors import their types from here, so a renamed job or a changed payload fails to compile.
 */
export interface JobPayloads {
  'system.queue-probe': { probeId: string };
  'subscribers.send-confirmation': { subscriberId: string };
  'subscribers.purge-pending': { day: string };
}

export type JobName = keyof JobPayloads;

export const JOB_QUEUES: Record<JobName, Omit<PgBoss.Queue, 'name'>> = {
  'system.queue-probe': { retryLimit: 0, expireInSeconds: 60 },
  // A slow or failing SMTP server delays the mail, never the form; retries back off up to ~1 h.
  'subscribers.send-confirmation': { retryLimit: 6, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  'subscribers.purge-pending': { retryLimit: 3, retryDelay: 300, expireInSeconds: 1800 },
};
