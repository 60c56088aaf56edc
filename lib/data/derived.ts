import "server-only";
import type { Tx } from "@/lib/db";
import { refreshPatientCourseSummaries } from "./course-summaries";
import { refreshPatientMonitoring } from "./refresh-monitoring";

/** After a write to a course or its regimen: both stored projections of the patient, in the same transaction. */
export async function refreshCourseDerived(tx: Tx, patientId: string): Promise<void> {
  await refreshPatientMonitoring(tx, patientId);
  await refreshPatientCourseSummaries(tx, patientId);
}
