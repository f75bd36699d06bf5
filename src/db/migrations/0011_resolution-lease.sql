ALTER TABLE "issues" ADD COLUMN "resolve_lease_owner" text;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "resolve_lease_until" timestamp with time zone;