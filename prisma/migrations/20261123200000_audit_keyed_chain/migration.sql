-- Keyed audit chain. Until now each row carried SHA-256(prev_hash | fields), computed here by a trigger
-- with no secret: anyone able to bypass the triggers (a database superuser) could rewrite a row and
-- re-hash the chain, and verification would still pass. From this migration on, the application computes
-- HMAC-SHA256 over the row with AUDIT_HMAC_KEY, a key the database never sees (lib/data/audit-chain.ts),
-- and verification recomputes it outside the database.
--
-- Existing rows keep their SHA-256 hashes and are marked 'sha256'; they stay verifiable as before. The
-- first keyed row links to the last of them (its prev_hash is covered by the HMAC), so rewriting the old
-- part now breaks the keyed chain too. Verification refuses a 'sha256' row after the first keyed one.
ALTER TABLE "audit_events" ADD COLUMN "hash_scheme" TEXT NOT NULL DEFAULT 'sha256';
ALTER TABLE "audit_events" ALTER COLUMN "hash_scheme" DROP DEFAULT;
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_hash_scheme_check" CHECK ("hash_scheme" IN ('sha256', 'hmac-sha256'));

-- The trigger no longer hashes (it has no key); it keeps the chain linear. The application takes the same
-- transaction-scoped lock (727274) before it reads the head, draws the id and computes the HMAC, so ids
-- follow commit order. Here, under that lock, a row is accepted only if it is keyed and links to the
-- current head with a higher id: a writer that skipped the lock, or a row without a keyed hash, is refused.
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger AS $$
DECLARE
  head_id BIGINT;
  head_hash TEXT;
BEGIN
  PERFORM pg_advisory_xact_lock(727274);
  IF NEW."hash_scheme" IS DISTINCT FROM 'hmac-sha256' OR NEW."hash" IS NULL OR NEW."prev_hash" IS NULL THEN
    RAISE EXCEPTION 'audit rows carry a keyed hash computed by the application';
  END IF;
  SELECT "id", "hash" INTO head_id, head_hash FROM "audit_events" ORDER BY "id" DESC LIMIT 1;
  IF NEW."prev_hash" IS DISTINCT FROM COALESCE(head_hash, '') OR NEW."id" <= COALESCE(head_id, 0) THEN
    RAISE EXCEPTION 'audit row does not extend the chain head';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
