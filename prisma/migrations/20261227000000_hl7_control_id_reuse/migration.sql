-- A laboratory that sends a message under a control id (MSH-10) it already used, with other content (a
-- counter reset, a second system behind one sender), is no longer answered "already imported" and
-- dropped: the message is kept, naming the first message of that control id, and its results wait in the
-- review queue to be checked (lib/data/import-hl7.ts). The same content again is still a resend, imported
-- once. The first message of a control id stays unique, so that two posted at once still race for it.
ALTER TYPE "Hl7QueueReason" ADD VALUE 'CONTROL_ID_REUSED';

ALTER TABLE "hl7_messages" ADD COLUMN "reuse_of_id" UUID REFERENCES "hl7_messages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

DROP INDEX "hl7_messages_sender_control_id_key";
CREATE UNIQUE INDEX "hl7_messages_sender_control_id_key"
  ON "hl7_messages"("sending_application", "sending_facility", "control_id") WHERE "reuse_of_id" IS NULL;
CREATE INDEX "hl7_messages_reuse_of_id_idx" ON "hl7_messages"("reuse_of_id");
