import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { latestWeight } from "@/lib/data/record-weight";
import { recordPatientView } from "@/lib/data/access-audit";
import { getPatientHeader } from "@/lib/data/patient-header";
import { getPatient } from "@/lib/data/patients";
import { confirmableContraception } from "@/lib/data/contraception-confirmation";
import { getPregnancyRules } from "@/lib/data/pregnancy-history";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { supplyLimitText } from "@/lib/domain/pregnancy";
import { uuid } from "@/lib/validation/common";
import { PatientHeader } from "../../_components/patient-header";
import { StartCourseForm } from "./start-course-form";

export const metadata: Metadata = { title: "Start a course" };

export default async function NewCoursePage({ params }: { params: Promise<{ patientId: string }> }) {
  const user = await requirePagePermission("doses.write");
  const { patientId } = await params;
  if (!uuid.safeParse(patientId).success) notFound();
  const today = clinicToday();
  // The pregnancy overview is the header banner's, read once per request: its records give the contraception to confirm.
  const [patient, weight, rulesOn, pregnancy] = await Promise.all([
    getPatient(user, patientId),
    latestWeight(user, patientId),
    getPregnancyRules(),
    getPregnancyOverview(user, patientId, today),
  ]);
  if (!patient) notFound();
  const rules = rulesOn(today);
  // The header's reads run beside the view's audit row; nothing is shown before the row has committed.
  await Promise.all([recordPatientView(user, patient.id, "new-course"), getPatientHeader(user, patient.id, today)]);
  return (
    <div className="space-y-4">
      <PatientHeader patientId={patient.id} viewer={user} today={today} page="Start a course" />
      <h1 className="text-2xl font-semibold">Start a course</h1>
      <StartCourseForm
        patientId={patient.id}
        today={today}
        indication={patient.indication}
        latestWeightKg={weight ? (weight.weightGrams / 1000).toString() : ""}
        daysSupply={rules.maxDaysSupply}
        supplyHint={patient.pregnancyCategory === "CAN_BECOME_PREGNANT" ? supplyLimitText(rules) : undefined}
        contraception={confirmableContraception(pregnancy)}
      />
    </div>
  );
}
