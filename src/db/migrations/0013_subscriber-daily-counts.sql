CREATE TABLE "subscriber_daily_counts" (
	"day" date PRIMARY KEY NOT NULL,
	"confirmed" integer DEFAULT 0 NOT NULL,
	"unsubscribed" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Hand-written (drizzle-kit does not generate triggers): keep these when renumbering.
-- Statement-level triggers with transition tables: an import of 100,000 readers or a bulk
-- unsubscribe costs one upsert per day touched, not one per row. Days are Berlin calendar days.
-- A reader counts as confirmed on the day confirmed_at is first set, and as unsubscribed on the
-- day their status becomes 'unsubscribed'.
CREATE FUNCTION subscriber_daily_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO subscriber_daily_counts AS c (day, confirmed, unsubscribed)
    SELECT day, sum(confirmed), sum(unsubscribed) FROM (
      SELECT (confirmed_at AT TIME ZONE 'Europe/Berlin')::date AS day, 1 AS confirmed, 0 AS unsubscribed
      FROM subscriber_new_rows WHERE confirmed_at IS NOT NULL
      UNION ALL
      SELECT (status_changed_at AT TIME ZONE 'Europe/Berlin')::date, 0, 1
      FROM subscriber_new_rows WHERE status = 'unsubscribed'
    ) AS events
    GROUP BY day ORDER BY day
    ON CONFLICT (day) DO UPDATE SET confirmed = c.confirmed + excluded.confirmed, unsubscribed = c.unsubscribed + excluded.unsubscribed;
  ELSE
    INSERT INTO subscriber_daily_counts AS c (day, confirmed, unsubscribed)
    SELECT day, sum(confirmed), sum(unsubscribed) FROM (
      SELECT (n.confirmed_at AT TIME ZONE 'Europe/Berlin')::date AS day, 1 AS confirmed, 0 AS unsubscribed
      FROM subscriber_new_rows n JOIN subscriber_old_rows o ON o.id = n.id
      WHERE n.confirmed_at IS NOT NULL AND o.confirmed_at IS NULL
      UNION ALL
      SELECT (n.status_changed_at AT TIME ZONE 'Europe/Berlin')::date, 0, 1
      FROM subscriber_new_rows n JOIN subscriber_old_rows o ON o.id = n.id
      WHERE n.status = 'unsubscribed' AND o.status <> 'unsubscribed'
    ) AS events
    GROUP BY day ORDER BY day
    ON CONFLICT (day) DO UPDATE SET confirmed = c.confirmed + excluded.confirmed, unsubscribed = c.unsubscribed + excluded.unsubscribed;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER subscribers_daily_count_insert AFTER INSERT ON subscribers
  REFERENCING NEW TABLE AS subscriber_new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscriber_daily_counts_apply();
--> statement-breakpoint
CREATE TRIGGER subscribers_daily_count_update AFTER UPDATE ON subscribers
  REFERENCING OLD TABLE AS subscriber_old_rows NEW TABLE AS subscriber_new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscriber_daily_counts_apply();
--> statement-breakpoint
-- Readers who exist already start the chart with their true history.
INSERT INTO subscriber_daily_counts (day, confirmed, unsubscribed)
SELECT day, sum(confirmed), sum(unsubscribed) FROM (
  SELECT (confirmed_at AT TIME ZONE 'Europe/Berlin')::date AS day, 1 AS confirmed, 0 AS unsubscribed FROM subscribers WHERE confirmed_at IS NOT NULL
  UNION ALL
  SELECT (status_changed_at AT TIME ZONE 'Europe/Berlin')::date, 0, 1 FROM subscribers WHERE status = 'unsubscribed'
) AS events
GROUP BY day;
