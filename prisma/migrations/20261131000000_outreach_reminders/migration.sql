-- Outreach outcomes, patients' contact preferences, and reminders with their delivery status.

CREATE TYPE "OutreachOutcome" AS ENUM ('REACHED', 'LEFT_MESSAGE', 'NO_ANSWER', 'BOOKED');
CREATE TYPE "ReminderChannel" AS ENUM ('EMAIL', 'SMS');
CREATE TYPE "ReminderStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'FAILED');

-- Notes recorded before outcomes were asked for keep a null outcome.
ALTER TABLE "outreach_notes" ADD COLUMN "outcome" "OutreachOutcome";

ALTER TABLE "patients"
  ADD COLUMN "do_not_email" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "do_not_text" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "do_not_call" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "reminders" (
  "id" UUID NOT NULL,
  "patient_id" UUID NOT NULL,
  "channel" "ReminderChannel" NOT NULL,
  "recipient" TEXT NOT NULL,
  "status" "ReminderStatus" NOT NULL DEFAULT 'QUEUED',
  "failure_reason" TEXT,
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "created_by_id" UUID NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "claimed_at" TIMESTAMPTZ(3),
  "finished_at" TIMESTAMPTZ(3),
  CONSTRAINT "reminders_pkey" PRIMARY KEY ("id"),
  -- A failure always says why; nothing else carries a reason.
  CONSTRAINT "reminders_failure_reason" CHECK (("status" = 'FAILED') = ("failure_reason" IS NOT NULL)),
  -- Sent at most once: a row is claimed by exactly one dispatcher before it is sent.
  CONSTRAINT "reminders_claimed" CHECK ("status" = 'QUEUED' OR "claimed_at" IS NOT NULL OR "status" = 'FAILED')
);
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "reminders_patient_id_created_at_idx" ON "reminders"("patient_id", "created_at");
-- The dispatcher's queue: only the rows waiting to be claimed.
CREATE INDEX "reminders_queued_idx" ON "reminders"("created_at") WHERE "status" = 'QUEUED';
