-- A laboratory's result the import could not take waits under a reason that says what is wrong with it: a value
-- that is not one the portal can record (not a number, or not a result the test takes) and a specimen date in the
-- future no longer wait as IMPLAUSIBLE ("Value outside physiological limits"), which stays for a value the portal
-- reads but finds impossible or unusual (lib/data/hl7-observation.ts). Rows written before keep their reason.
ALTER TYPE "Hl7QueueReason" ADD VALUE 'VALUE_NOT_READABLE';
ALTER TYPE "Hl7QueueReason" ADD VALUE 'FUTURE_DATE';
