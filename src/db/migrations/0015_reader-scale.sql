CREATE TABLE "subscriber_counts" (
	"status" text PRIMARY KEY NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
DROP INDEX "subscribers_status_created_idx";--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "resolve_lease_owner" text;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "resolve_lease_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "subscribers_created_id_idx" ON "subscribers" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "subscribers_status_created_idx" ON "subscribers" USING btree ("status","created_at","id");
--> statement-breakpoint
-- Hand-written (drizzle-kit does not generate triggers): keep these when renumbering.
-- Same pattern as delivery_counts (0010): one statement-level trigger per event applies the
-- statement's net change per status in one upsert ordered by key; updates that change no status
-- touch no counter.
CREATE FUNCTION subscriber_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO subscriber_counts AS c (status, n)
    SELECT status, count(*) FROM subscriber_new_rows GROUP BY 1 ORDER BY 1
    ON CONFLICT (status) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO subscriber_counts AS c (status, n)
    SELECT status, sum(delta) FROM (
      SELECT status, 1 AS delta FROM subscriber_new_rows
      UNION ALL
      SELECT status, -1 FROM subscriber_old_rows
    ) AS changes
    GROUP BY 1 HAVING sum(delta) <> 0 ORDER BY 1
    ON CONFLICT (status) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO subscriber_counts AS c (status, n)
    SELECT status, -count(*) FROM subscriber_old_rows GROUP BY 1 ORDER BY 1
    ON CONFLICT (status) DO UPDATE SET n = c.n + excluded.n;
  ELSE -- TRUNCATE
    DELETE FROM subscriber_counts;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER subscribers_count_insert AFTER INSERT ON subscribers
  REFERENCING NEW TABLE AS subscriber_new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscriber_counts_apply();
--> statement-breakpoint
CREATE TRIGGER subscribers_count_update AFTER UPDATE ON subscribers
  REFERENCING OLD TABLE AS subscriber_old_rows NEW TABLE AS subscriber_new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscriber_counts_apply();
--> statement-breakpoint
CREATE TRIGGER subscribers_count_delete AFTER DELETE ON subscribers
  REFERENCING OLD TABLE AS subscriber_old_rows FOR EACH STATEMENT EXECUTE FUNCTION subscriber_counts_apply();
--> statement-breakpoint
CREATE TRIGGER subscribers_count_truncate AFTER TRUNCATE ON subscribers
  FOR EACH STATEMENT EXECUTE FUNCTION subscriber_counts_apply();
--> statement-breakpoint
INSERT INTO subscriber_counts (status, n) SELECT status, count(*) FROM subscribers GROUP BY 1;
