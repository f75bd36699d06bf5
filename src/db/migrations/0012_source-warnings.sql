ALTER TABLE "sources" ADD COLUMN "last_warnings" jsonb;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "last_warnings_at" timestamp with time zone;