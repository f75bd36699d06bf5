import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Who did what, when: every editor action, readable by admins. Rows are never updated. */
export const auditLog = pgTable(
  'audit_log',
  {
    // A sequence rather than a uuid: it orders rows and serves as the pagination cursor.
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorTokenId: text('actor_token_id'),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('audit_log_created_at_idx').on(t.createdAt), index('audit_log_action_idx').on(t.action), index('audit_log_actor_idx').on(t.actorName)],
);

export type AuditRow = typeof auditLog.$inferSelect;
