CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_token_id" text,
	"actor_name" text NOT NULL,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_publish_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"schedule_id" uuid NOT NULL,
	"newsletter_id" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "schedule_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"newsletter_id" text NOT NULL,
	"schedule_id" uuid,
	"slot_key" text NOT NULL,
	"slot_at" timestamp with time zone NOT NULL,
	"catch_up" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"issue_id" text,
	"article_count" integer,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"newsletter_id" text NOT NULL,
	"kind" text NOT NULL,
	"cron_expression" text,
	"time_zone" text DEFAULT 'Europe/Berlin' NOT NULL,
	"quiet_period_minutes" integer DEFAULT 0 NOT NULL,
	"at" timestamp with time zone,
	"paused" boolean DEFAULT false NOT NULL,
	"active_since" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_created_at_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_name");--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_publish_windows_open" ON "schedule_publish_windows" USING btree ("schedule_id") WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX "schedule_publish_windows_closes_at_idx" ON "schedule_publish_windows" USING btree ("closes_at");--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_slots_newsletter_slot_key" ON "schedule_slots" USING btree ("newsletter_id","slot_key");--> statement-breakpoint
CREATE INDEX "schedule_slots_schedule_slot_at_idx" ON "schedule_slots" USING btree ("schedule_id","slot_at");--> statement-breakpoint
CREATE INDEX "schedule_slots_status_idx" ON "schedule_slots" USING btree ("status");--> statement-breakpoint
CREATE INDEX "schedule_slots_issue_idx" ON "schedule_slots" USING btree ("issue_id");--> statement-breakpoint
CREATE INDEX "schedules_newsletter_idx" ON "schedules" USING btree ("newsletter_id");