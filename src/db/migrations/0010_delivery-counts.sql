CREATE TABLE "delivery_counts" (
	"issue_id" uuid NOT NULL,
	"state" text NOT NULL,
	"reason" text NOT NULL,
	"erased" boolean NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "delivery_counts_pk" PRIMARY KEY("issue_id","state","reason","erased")
);
--> statement-breakpoint
DROP INDEX "deliveries_email_idx";--> statement-breakpoint
CREATE INDEX "bounce_events_received_idx" ON "bounce_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "deliveries_email_lower_idx" ON "deliveries" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "consent_events_ending_idx" ON "consent_events" USING btree ("occurred_at") WHERE kind IN ('unsubscribe', 'change', 'status');
--> statement-breakpoint
-- Hand-written (drizzle-kit does not generate triggers): keep these when renumbering.
-- One statement-level trigger per event (PostgreSQL allows transition tables only on single-event
-- triggers). Each applies the statement's net change per (issue, state, reason, erased) in one
-- upsert ordered by key, so concurrent writers lock counter rows in the same order (no deadlock);
-- rows whose net change is zero (a lease renewal, a claim) are not touched at all.
CREATE FUNCTION delivery_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO delivery_counts AS c (issue_id, state, reason, erased, n)
    SELECT issue_id, state, coalesce(reason, ''), subscriber_id IS NULL, count(*)
    FROM delivery_new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (issue_id, state, reason, erased) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO delivery_counts AS c (issue_id, state, reason, erased, n)
    SELECT issue_id, state, reason, erased, sum(delta) FROM (
      SELECT issue_id, state, coalesce(reason, '') AS reason, subscriber_id IS NULL AS erased, 1 AS delta FROM delivery_new_rows
      UNION ALL
      SELECT issue_id, state, coalesce(reason, ''), subscriber_id IS NULL, -1 FROM delivery_old_rows
    ) AS changes
    GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (issue_id, state, reason, erased) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO delivery_counts AS c (issue_id, state, reason, erased, n)
    SELECT issue_id, state, coalesce(reason, ''), subscriber_id IS NULL, -count(*)
    FROM delivery_old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (issue_id, state, reason, erased) DO UPDATE SET n = c.n + excluded.n;
  ELSE -- TRUNCATE
    DELETE FROM delivery_counts;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER deliveries_count_insert AFTER INSERT ON deliveries
  REFERENCING NEW TABLE AS delivery_new_rows FOR EACH STATEMENT EXECUTE FUNCTION delivery_counts_apply();
--> statement-breakpoint
CREATE TRIGGER deliveries_count_update AFTER UPDATE ON deliveries
  REFERENCING OLD TABLE AS delivery_old_rows NEW TABLE AS delivery_new_rows FOR EACH STATEMENT EXECUTE FUNCTION delivery_counts_apply();
--> statement-breakpoint
CREATE TRIGGER deliveries_count_delete AFTER DELETE ON deliveries
  REFERENCING OLD TABLE AS delivery_old_rows FOR EACH STATEMENT EXECUTE FUNCTION delivery_counts_apply();
--> statement-breakpoint
CREATE TRIGGER deliveries_count_truncate AFTER TRUNCATE ON deliveries
  FOR EACH STATEMENT EXECUTE FUNCTION delivery_counts_apply();
--> statement-breakpoint
-- Ledgers that already hold rows start with their true numbers.
INSERT INTO delivery_counts (issue_id, state, reason, erased, n)
SELECT issue_id, state, coalesce(reason, ''), subscriber_id IS NULL, count(*) FROM deliveries GROUP BY 1, 2, 3, 4;
