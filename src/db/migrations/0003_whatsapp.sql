CREATE TABLE "whatsapp_pacer" (
	"id" text PRIMARY KEY NOT NULL,
	"next_allowed_at" timestamp with time zone,
	"day" text,
	"posts_today" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whatsapp_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"newsletter_id" text NOT NULL,
	"kind" text NOT NULL,
	"item_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sending_since" timestamp with time zone,
	"message_id" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"posted_at" timestamp with time zone,
	CONSTRAINT "whatsapp_posts_item_channel_uq" UNIQUE("newsletter_id","kind","item_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "whatsapp_session_state" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"last_error" text,
	"qr" text,
	"holder" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whatsapp_targets" (
	"newsletter_id" text PRIMARY KEY NOT NULL,
	"target" text NOT NULL,
	"channel_id" text,
	"channel_name" text,
	"mode" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"resolve_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "whatsapp_posts_queue_idx" ON "whatsapp_posts" USING btree ("status","next_attempt_at");