-- Each server process may keep the dashboard's counts in memory (lib/data/count-cache.ts): results awaiting
-- review, open monitoring items, courses in progress. Every statement that changes the rows one of them
-- counts, whichever instance, job or tool ran it, announces its table, and every process drops the counts
-- that read it. One announcement per table and transaction (PostgreSQL folds identical ones).
CREATE FUNCTION "notify_count_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('isotrack_counts', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER "lab_results_notify_counts" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "lab_results" FOR EACH STATEMENT
  EXECUTE FUNCTION "notify_count_change"();
CREATE TRIGGER "monitoring_items_notify_counts" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "monitoring_items" FOR EACH STATEMENT
  EXECUTE FUNCTION "notify_count_change"();
CREATE TRIGGER "course_summaries_notify_counts" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "course_summaries" FOR EACH STATEMENT
  EXECUTE FUNCTION "notify_count_change"();
