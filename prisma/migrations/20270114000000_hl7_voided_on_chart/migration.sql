-- A laboratory's final result that repeats a result the patient's chart rejected (replaced by a correction, or
-- received from a laboratory and voided as entered in error), with no current result like it, is no longer
-- recorded as a current result again: a message that sends it anew (an order's results resent under a new
-- control id) would undo the correction or the void.
-- It waits in the review queue under this reason (lib/data/import-hl7.ts, lib/data/hl7-observation.ts).
ALTER TYPE "Hl7QueueReason" ADD VALUE 'VOIDED_ON_CHART';
