ALTER TABLE "schedule_publish_windows" ADD COLUMN "latest_close_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "schedules" ADD COLUMN "max_wait_minutes" integer;