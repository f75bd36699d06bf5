CREATE TABLE "bounce_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"type" text NOT NULL,
	"source" text NOT NULL,
	"reason" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"issue_id" uuid NOT NULL,
	"subscriber_id" text NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"state" text DEFAULT 'queued' NOT NULL,
	"reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"last_response" text,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "deliveries_issue_subscriber_uq" UNIQUE("issue_id","subscriber_id")
);
--> statement-breakpoint
CREATE TABLE "delivery_rate_buckets" (
	"name" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"refilled_at" timestamp (6) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issue_articles" (
	"newsletter_id" uuid NOT NULL,
	"article_id" text NOT NULL,
	"issue_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "issue_articles_newsletter_id_article_id_pk" PRIMARY KEY("newsletter_id","article_id")
);
--> statement-breakpoint
CREATE TABLE "issues" (
	"id" uuid PRIMARY KEY NOT NULL,
	"newsletter_id" uuid NOT NULL,
	"slot_key" text,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"locale" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"article_count" integer NOT NULL,
	"recipient_count" integer,
	"resolve_cursor" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"send_started_at" timestamp with time zone,
	"recipients_resolved_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "issues_newsletter_slot_uq" UNIQUE("newsletter_id","slot_key")
);
--> statement-breakpoint
CREATE TABLE "newsletters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tag_slugs" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_articles" integer DEFAULT 5 NOT NULL,
	"locale" text DEFAULT 'de' NOT NULL,
	"sender_name" text NOT NULL,
	"sender_address" text NOT NULL,
	"reply_to" text,
	"subject_template" text NOT NULL,
	"footer" jsonb NOT NULL,
	"template_name" text DEFAULT 'digest' NOT NULL,
	"channels" text[] DEFAULT '{email}'::text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "newsletters_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "issue_articles" ADD CONSTRAINT "issue_articles_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_newsletter_id_newsletters_id_fk" FOREIGN KEY ("newsletter_id") REFERENCES "public"."newsletters"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bounce_events_email_idx" ON "bounce_events" USING btree ("email","received_at");--> statement-breakpoint
CREATE INDEX "deliveries_queued_idx" ON "deliveries" USING btree ("next_attempt_at","id") WHERE state = 'queued';--> statement-breakpoint
CREATE INDEX "deliveries_issue_state_idx" ON "deliveries" USING btree ("issue_id","state");--> statement-breakpoint
CREATE INDEX "deliveries_email_idx" ON "deliveries" USING btree ("email");--> statement-breakpoint
CREATE INDEX "issue_articles_issue_idx" ON "issue_articles" USING btree ("issue_id");--> statement-breakpoint
CREATE INDEX "issues_newsletter_created_idx" ON "issues" USING btree ("newsletter_id","created_at");