import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/session";
import { recordPatientView } from "@/lib/data/access-audit";
import { getPatient } from "@/lib/data/patients";
import { getPatientDetailHistory } from "@/lib/data/patient-detail-history";
import { uuid } from "@/lib/validation/common";
import { updatePatientAction } from "../../actions";
import { PatientForm } from "../../patient-form";
import { clinicToday } from "@/lib/clinic";
import { PatientHeader } from "../_components/patient-header";
import { EarlierDetails } from "./earlier-details";

export const metadata: Metadata = { title: "Edit patient" };

export default async function EditPatientPage({ params }: { params: Promise<{ patientId: string }> }) {
  const user = await requirePagePermission("patients.write");
  const { patientId } = await params;
  if (!uuid.safeParse(patientId).success) notFound();
  const patient = await getPatient(user, patientId);
  if (!patient) notFound();
  const [edits] = await Promise.all([getPatientDetailHistory(user, patient.id), recordPatientView(user, patient.id, "edit")]);
  return (
    <div className="space-y-4">
      <PatientHeader patientId={patient.id} viewer={user} today={clinicToday()} page="Edit details" />
      <h1 className="text-2xl font-semibold">Edit patient</h1>
      <PatientForm action={updatePatientAction} values={{ ...patient, patientId: patient.id }} submitLabel="Save changes" category="read-only" />
      <EarlierDetails edits={edits} />
    </div>
  );
}
