-- A course from paper records as it stood before each correction of its recorded figures (dates, weight used,
-- total), with who replaced it, when and why; the course row holds the current figures. Append-only: the
-- application role is granted INSERT and SELECT only (lib/migrate.ts).
CREATE TABLE "paper_record_versions" (
    "id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "start_weight_grams" INTEGER NOT NULL,
    "recorded_total_mg" INTEGER,
    "reason" TEXT NOT NULL,
    "replaced_by_id" UUID NOT NULL,
    "replaced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "paper_record_versions_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "paper_record_versions_course_id_idx" ON "paper_record_versions"("course_id");

ALTER TABLE "paper_record_versions" ADD CONSTRAINT "paper_record_versions_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "paper_record_versions" ADD CONSTRAINT "paper_record_versions_replaced_by_id_fkey" FOREIGN KEY ("replaced_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
