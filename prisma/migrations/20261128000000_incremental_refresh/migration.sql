-- The daily refresh runs off the request path (lib/jobs), in short batches, and advances the stored course
-- summaries by the days elapsed (lib/data/daily-refresh.ts).

-- The cumulative-dose accumulator through as_of; NULL (rows written before): the next refresh recomputes.
ALTER TABLE "course_summaries" ADD COLUMN "dose_state" JSONB;

-- A run's claim on the day it is bringing the data up to.
ALTER TABLE "daily_refreshes" ADD COLUMN "running_as_of" DATE;
ALTER TABLE "daily_refreshes" ADD COLUMN "running_since" TIMESTAMPTZ(3);

-- Each batch and each write rewrites the summaries of its patients.
CREATE INDEX "course_summaries_patient_id_idx" ON "course_summaries"("patient_id");

-- Each server process may keep a live session row for a few seconds (lib/auth/session-cache.ts). Any change
-- that can end a session or change what it grants is announced to every process, whichever instance or
-- tool made it: the session's id, or 'user:' and the user's id.
CREATE FUNCTION "notify_session_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('isotrack_sessions', 'user:' || OLD.id::text);
  ELSE
    PERFORM pg_notify('isotrack_sessions', OLD.id::text);
  END IF;
  RETURN NULL;
END $$;

-- The last-seen time moves every minute of use and changes nothing a session grants: not announced.
CREATE TRIGGER "user_sessions_notify_update" AFTER UPDATE ON "user_sessions" FOR EACH ROW
  WHEN ((OLD."revoked_at", OLD."stage", OLD."expires_at", OLD."user_id") IS DISTINCT FROM (NEW."revoked_at", NEW."stage", NEW."expires_at", NEW."user_id"))
  EXECUTE FUNCTION "notify_session_change"();
CREATE TRIGGER "user_sessions_notify_delete" AFTER DELETE ON "user_sessions" FOR EACH ROW
  EXECUTE FUNCTION "notify_session_change"();

CREATE TRIGGER "users_notify_update" AFTER UPDATE ON "users" FOR EACH ROW
  WHEN ((OLD."role", OLD."disabled", OLD."name", OLD."email", OLD."totp_enabled_at") IS DISTINCT FROM (NEW."role", NEW."disabled", NEW."name", NEW."email", NEW."totp_enabled_at"))
  EXECUTE FUNCTION "notify_session_change"();
CREATE TRIGGER "users_notify_delete" AFTER DELETE ON "users" FOR EACH ROW
  EXECUTE FUNCTION "notify_session_change"();
