-- Each patient's monitoring items, as computed by lib/domain/monitoring/protocol.ts, refreshed inside
-- every write that can change them. Status is not stored: it follows from the dates and today.

-- CreateTable
CREATE TABLE "monitoring_items" (
    "patient_id" UUID NOT NULL,
    "item_key" TEXT NOT NULL,
    "course_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "due_date" DATE NOT NULL,
    "due_soon_days" INTEGER NOT NULL,
    "overdue_after_days" INTEGER NOT NULL,
    "completed_on" DATE,
    "waived" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT NOT NULL,
    "refreshed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "monitoring_items_pkey" PRIMARY KEY ("patient_id","item_key")
);

-- CreateIndex
CREATE INDEX "monitoring_items_due_date_idx" ON "monitoring_items"("due_date");

-- AddForeignKey
ALTER TABLE "monitoring_items" ADD CONSTRAINT "monitoring_items_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
