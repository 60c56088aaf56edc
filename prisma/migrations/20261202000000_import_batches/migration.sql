-- Migration files uploaded for import: kept from the preview to the import, so that what is written is
-- exactly what was previewed, and so that importing the same file again is recognised.
CREATE TYPE "ImportStatus" AS ENUM ('PREVIEWED', 'IMPORTED', 'ABANDONED');

CREATE TABLE "import_batches" (
  "id" UUID NOT NULL,
  "kind" TEXT NOT NULL,
  "file_name" TEXT NOT NULL,
  "sha256" TEXT NOT NULL,
  "content" BYTEA NOT NULL,
  "row_count" INTEGER NOT NULL,
  "status" "ImportStatus" NOT NULL DEFAULT 'PREVIEWED',
  "created_by_id" UUID NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "imported_at" TIMESTAMPTZ(3),
  "imported_count" INTEGER,
  "skipped_count" INTEGER,
  CONSTRAINT "import_batches_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "import_batches_kind" CHECK ("kind" IN ('patients', 'weights', 'courses', 'labs'))
);
CREATE INDEX "import_batches_kind_sha256_idx" ON "import_batches"("kind", "sha256");
CREATE INDEX "import_batches_created_at_idx" ON "import_batches"("created_at");
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
