import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/session";
import { getPatient, recordPatientView } from "@/lib/data/patients";
import { uuid } from "@/lib/validation/common";
import { updatePatientAction } from "../../actions";
import { PatientForm } from "../../patient-form";
import { PregnancyBanner } from "../_components/pregnancy-banner";

export const metadata: Metadata = { title: "Edit patient" };

export default async function EditPatientPage({ params }: { params: Promise<{ patientId: string }> }) {
  const user = await requirePagePermission("patients.write");
  const { patientId } = await params;
  if (!uuid.safeParse(patientId).success) notFound();
  const patient = await getPatient(patientId);
  if (!patient) notFound();
  await recordPatientView(user, patient.id, "edit");
  return (
    <div className="space-y-4">
      <PregnancyBanner patientId={patient.id} viewer={user} />
      <h1 className="text-2xl font-semibold">Edit patient</h1>
      <PatientForm action={updatePatientAction} values={{ ...patient, patientId: patient.id }} submitLabel="Save changes" category="read-only" />
    </div>
  );
}
