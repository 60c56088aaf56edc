-- A laboratory's message that carries a final result of a test and specimen date beside another value of it, or
-- beside a correction (OBX-11 C) of it with another value or one that waits itself, no longer records that final as
-- a second current result (the portal keeps the specimen's date, not its time or order, so the two cannot be told
-- apart, and a later correction would find several): it waits in the review queue under this reason
-- (lib/data/hl7-message-results.ts).
ALTER TYPE "Hl7QueueReason" ADD VALUE 'OTHER_RESULT_IN_MESSAGE';
