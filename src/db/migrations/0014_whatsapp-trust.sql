CREATE TABLE "whatsapp_queue_state" (
	"id" text PRIMARY KEY NOT NULL,
	"paused_at" timestamp with time zone,
	"paused_by" text,
	"pause_reason" text,
	"consecutive_uncertain" integer DEFAULT 0 NOT NULL,
	"canary_failing_since" timestamp with time zone,
	"canary_error" text,
	"canary_checked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "whatsapp_posts" ADD COLUMN "server_id" text;--> statement-breakpoint
ALTER TABLE "whatsapp_posts" ADD COLUMN "fell_back_to_text" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "whatsapp_posts" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "whatsapp_posts" ADD COLUMN "posted_manually_by" text;
--> statement-breakpoint
-- Hand-written: posts recorded before server confirmation existed were accepted on a client-side id only.
UPDATE "whatsapp_posts" SET "note" = 'recorded as posted before Postbote required WhatsApp''s server id; not verified' WHERE "status" = 'posted' AND "server_id" IS NULL;
