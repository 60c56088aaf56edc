-- The lab-review queue's count of pending entries, beside its link in every page's navigation, is kept per
-- process like the dashboard's counts (lib/data/count-cache.ts): every statement that changes the queue
-- announces its table on isotrack_counts, and every process drops the count.
CREATE TRIGGER "hl7_queue_entries_notify_counts" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "hl7_queue_entries" FOR EACH STATEMENT
  EXECUTE FUNCTION "notify_count_change"();
