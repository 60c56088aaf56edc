-- A term typed into a list's search box (the patient list, the worklist, the audit trail's patient filter)
-- is kept here, for the user who typed it and for 12 hours, and the page's address carries only the row's
-- id (lib/data/saved-searches.ts): names, MRNs, phone numbers and dates of birth stay out of URLs, browser
-- history and access logs. The saved-searches-expire job deletes expired rows; they hold no clinical data.
CREATE TABLE "saved_searches" (
  "id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "term" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "saved_searches_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "saved_searches_term_length" CHECK (char_length("term") BETWEEN 1 AND 100)
);
CREATE INDEX "saved_searches_user_id_idx" ON "saved_searches"("user_id");
CREATE INDEX "saved_searches_expires_at_idx" ON "saved_searches"("expires_at");
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
