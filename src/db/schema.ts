// Every feature declares its tables in its own *.schema.ts; this index gives Drizzle and
// drizzle-kit the whole picture.
export * from '#src/auth/api-tokens.schema.js';
export * from '#src/system/system.schema.js';
export * from '#src/newsletters/newsletters.schema.js';
export * from '#src/delivery/delivery.schema.js';
