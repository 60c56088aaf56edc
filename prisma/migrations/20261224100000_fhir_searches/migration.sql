-- A FHIR search sent by POST (<type>/_search) is kept here, for the API client that sent it and for an hour,
-- so that its Bundle's self, first, previous and next links carry only the row's id and the page
-- (lib/fhir/kept-searches.ts): the MRN or patient id the client posted to keep out of URLs and access logs
-- stays out of them. The saved-searches-expire job deletes expired rows.
CREATE TABLE "fhir_searches" (
  "id" UUID NOT NULL,
  "api_client_id" UUID NOT NULL,
  "resource_type" TEXT NOT NULL,
  "params" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "fhir_searches_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "fhir_searches_params_length" CHECK (char_length("params") <= 16384)
);
CREATE INDEX "fhir_searches_expires_at_idx" ON "fhir_searches"("expires_at");
ALTER TABLE "fhir_searches" ADD CONSTRAINT "fhir_searches_api_client_id_fkey" FOREIGN KEY ("api_client_id") REFERENCES "api_clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;
