-- Systems that read the FHIR API with a bearer token, each with the visibility of one clinical role.
CREATE TABLE "api_clients" (
  "id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "role" "Role" NOT NULL,
  "token_hash" TEXT NOT NULL,
  "token_hint" TEXT NOT NULL,
  "created_by_id" UUID NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_used_at" TIMESTAMPTZ(3),
  "revoked_at" TIMESTAMPTZ(3),
  "revoked_by_id" UUID,
  CONSTRAINT "api_clients_pkey" PRIMARY KEY ("id"),
  -- An administrator's role has no clinical access; a client reading patient data never gets it.
  CONSTRAINT "api_clients_clinical_role" CHECK ("role" <> 'ADMIN')
);
CREATE UNIQUE INDEX "api_clients_token_hash_key" ON "api_clients"("token_hash");
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_revoked_by_id_fkey" FOREIGN KEY ("revoked_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
