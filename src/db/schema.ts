// Every feature declares its tables in its own *.schema.ts; this index gives Drizzle and
// drizzle-kit the whole picture.
export * from '#src/auth/api-tokens.schema.js';
export * from '#src/system/system.schema.js';
export * from '#src/sources/sources.schema.js';
export * from '#src/articles/articles.schema.js';
export * from '#src/subscribers/subscribers.schema.js';
export * from '#src/whatsapp/whatsapp.schema.js';
export * from '#src/schedules/schedules.schema.js';
export * from '#src/audit/audit.schema.js';
export * from '#src/newsletters/newsletters.schema.js';
export * from '#src/delivery/delivery.schema.js';
export * from '#src/users/users.schema.js';
