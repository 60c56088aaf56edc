-- The results still waiting for review under IMPLAUSIBLE for a value the portal could not read, or a specimen date
-- in the future, take the reason that says so (20270125000000_queue_reasons), known by the detail the import wrote
-- for them; the detail is kept as written. Results already attached or dismissed keep the reason they were filed under,
-- which their audit rows name.
UPDATE "hl7_queue_entries"
SET "reason" = 'FUTURE_DATE'
WHERE "status" = 'PENDING' AND "reason" = 'IMPLAUSIBLE' AND "detail" = 'The observation date is in the future.';

UPDATE "hl7_queue_entries"
SET "reason" = 'VALUE_NOT_READABLE'
WHERE "status" = 'PENDING' AND "reason" = 'IMPLAUSIBLE' AND "detail" LIKE '%" is not a value the portal can record (%';
