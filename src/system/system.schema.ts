import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One row per running worker process, refreshed on a timer; `/health` reads it. */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  hostname: text('hostname').notNull(),
  pid: integer('pid').notNull(),
  role: text('role').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
});

/** Queue probes: an operator's end-to-end check that some worker is taking jobs. */
export const queueProbes = pgTable('queue_probes', {
  id: uuid('id').primaryKey().defaultRandom(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  handledBy: text('handled_by'),
  handledAt: timestamp('handled_at', { withTimezone: true }),
});
