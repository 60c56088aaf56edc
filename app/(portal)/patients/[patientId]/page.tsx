import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense, type ReactNode } from "react";
import { SectionSkeleton } from "@/components/section-states";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { recordPatientView } from "@/lib/data/access-audit";
import { getPatientHeader } from "@/lib/data/patient-header";
import { getPatient } from "@/lib/data/patients";
import { INDICATION_LABELS } from "@/lib/labels";
import { clinicToday } from "@/lib/clinic";
import { uuid } from "@/lib/validation/common";
import { LabsSection } from "./_components/labs-section";
import { MonitoringSection } from "./_components/monitoring-section";
import { PatientHeader } from "./_components/patient-header";
import { PregnancySection } from "./_components/pregnancy-section";
import { TreatmentSection } from "./_components/treatment-section";
import { EmailAddress } from "@/components/email-address";
import { PhoneNumber } from "@/components/phone-number";
import { showPhone } from "@/lib/phone";

export const metadata: Metadata = { title: "Patient" };

export default async function PatientPage({
  params,
  searchParams,
}: {
  params: Promise<{ patientId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePagePermission("patients.read");
  const { patientId } = await params;
  if (!uuid.safeParse(patientId).success) notFound();
  const patient = await getPatient(user, patientId);
  if (!patient) notFound();
  const showAllLabs = (await searchParams).labs === "all";
  const today = clinicToday();
  // The header's reads run beside the view's audit row, and are done before the page renders, so that the
  // header goes out before any section's work competes with it; nothing is shown before the row has committed.
  await Promise.all([
    recordPatientView(user, patient.id, showAllLabs && can(user.role, "labs.read") ? "summary+lab-history" : "summary"),
    getPatientHeader(user, patient.id, today),
  ]);
  return (
    <div className="space-y-6">
      {/* The header renders first; the pregnancy status and each section below stream in on their own. */}
      <PatientHeader patientId={patient.id} viewer={user} today={today} />
      <section className="card grid gap-3 sm:grid-cols-3" aria-label="Contact and indication">
        <Detail label="Indication" value={INDICATION_LABELS[patient.indication]} />
        <Detail label="Phone" value={<PhoneNumber shown={patient.phone ? showPhone(patient.phone) : null} />} />
        <Detail label="Email" value={<EmailAddress email={patient.email} none="—" />} />
      </section>
      {can(user.role, "monitoring.read") ? (
        <Suspense fallback={<SectionSkeleton label="monitoring" />}>
          <MonitoringSection patientId={patient.id} viewer={user} today={today} doNotCall={patient.doNotCall} />
        </Suspense>
      ) : null}
      {can(user.role, "labs.read") ? (
        <Suspense fallback={<SectionSkeleton label="pregnancy prevention" />}>
          <PregnancySection patientId={patient.id} viewer={user} today={today} />
        </Suspense>
      ) : null}
      {can(user.role, "courses.read") ? (
        <Suspense fallback={<SectionSkeleton label="treatment" rows={6} />}>
          <TreatmentSection patientId={patient.id} viewer={user} today={today} />
        </Suspense>
      ) : null}
      {can(user.role, "labs.read") ? (
        <Suspense fallback={<SectionSkeleton label="lab results" rows={6} />}>
          <LabsSection patientId={patient.id} role={user.role} today={today} showAll={showAllLabs} />
        </Suspense>
      ) : null}
    </div>
  );
}

function Detail({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="min-w-0">
      <p className="text-xs uppercase tracking-wide text-slate-500">{label}</p>
      <p className="text-sm">{value}</p>
    </div>
  );
}
