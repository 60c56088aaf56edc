-- A token that an API client or a lab interface no longer holds keeps its hash here: replaced by the token a
-- dermatologist had issued after it, or, shown to an administrator before token custody (migration
-- 20270202000000_token_custody), withdrawn. The client's or interface's own row holds only its current hash, so
-- without this table the old token's attempts were refused as unknown and named nobody in the audit trail. Rows are
-- written in the transaction that replaces the hash (lib/data/token-decisions.ts), a withdrawn one included.
CREATE TABLE "withdrawn_tokens" (
  "kind" TEXT NOT NULL,
  "credential_id" UUID NOT NULL,
  "token_hash" TEXT NOT NULL,
  "withdrawn_at" TIMESTAMPTZ(3) NOT NULL,
  "why" TEXT NOT NULL,
  CONSTRAINT "withdrawn_tokens_pkey" PRIMARY KEY ("token_hash"),
  CONSTRAINT "withdrawn_tokens_kind" CHECK ("kind" IN ('API_CLIENT', 'LAB_INTERFACE')),
  CONSTRAINT "withdrawn_tokens_why" CHECK ("why" IN ('replaced', 'withdrawn'))
);
