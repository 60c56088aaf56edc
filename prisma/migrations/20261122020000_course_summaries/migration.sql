-- Cumulative-dose summaries of the courses in progress, as computed by lib/domain/dosing/cumulative.ts
-- on `as_of`: refreshed inside every write that changes a course or a weight, and once a day for all.

-- CreateTable
CREATE TABLE "course_summaries" (
    "course_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "as_of" DATE NOT NULL,
    "status" "CourseStatus" NOT NULL,
    "total_mg" INTEGER NOT NULL,
    "mg_per_kg" DOUBLE PRECISION NOT NULL,
    "target_mg_per_kg" INTEGER NOT NULL,
    "progress_percent" DOUBLE PRECISION NOT NULL,
    "remaining_mg" INTEGER NOT NULL,
    "projected_target_date" DATE,
    "target_reached_on" DATE,
    "dose_class" TEXT NOT NULL,
    "avg_mg_per_kg_per_day_28" DOUBLE PRECISION NOT NULL,
    "regimen" TEXT NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "course_summaries_pkey" PRIMARY KEY ("course_id")
);

-- CreateIndex
CREATE INDEX "course_summaries_progress_percent_idx" ON "course_summaries"("progress_percent");

-- AddForeignKey
ALTER TABLE "course_summaries" ADD CONSTRAINT "course_summaries_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
