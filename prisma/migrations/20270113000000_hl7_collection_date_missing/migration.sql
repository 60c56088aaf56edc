-- A laboratory's pregnancy test that gives no collection date (OBX-14 and OBR-7 empty) is no longer dated by
-- the message's own time (MSH-7), which is when it was sent: the prescription rules count a pregnancy test by
-- the day its specimen was collected. It waits in the review queue under this reason, and whoever attaches it
-- enters the collection date from the laboratory's report (lib/data/import-hl7.ts, lib/data/hl7-queue.ts).
ALTER TYPE "Hl7QueueReason" ADD VALUE 'COLLECTION_DATE_MISSING';
