-- A patient's details as they stood before each edit (MRN, name, date of birth, sex at birth, contact,
-- indication, do-not-contact choices): an edit keeps the values it replaces here, in its transaction.
-- Append-only: the application role is granted INSERT and SELECT only (lib/migrate.ts).
CREATE TABLE "patient_detail_versions" (
    "id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "mrn" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "date_of_birth" DATE NOT NULL,
    "sex_at_birth" "SexAtBirth" NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "indication" "Indication" NOT NULL,
    "do_not_email" BOOLEAN NOT NULL,
    "do_not_text" BOOLEAN NOT NULL,
    "do_not_call" BOOLEAN NOT NULL,
    "replaced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replaced_by_id" UUID NOT NULL,
    CONSTRAINT "patient_detail_versions_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "patient_detail_versions_patient_id_version_key" ON "patient_detail_versions"("patient_id", "version");

ALTER TABLE "patient_detail_versions" ADD CONSTRAINT "patient_detail_versions_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "patient_detail_versions" ADD CONSTRAINT "patient_detail_versions_replaced_by_id_fkey" FOREIGN KEY ("replaced_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
