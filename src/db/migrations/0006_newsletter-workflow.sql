ALTER TABLE "newsletters" ADD COLUMN "min_articles" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "newsletters" ADD COLUMN "approval_mode" text DEFAULT 'auto' NOT NULL;--> statement-breakpoint
ALTER TABLE "newsletters" ADD COLUMN "approval_deadline_minutes" integer;