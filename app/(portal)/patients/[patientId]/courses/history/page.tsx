import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { recordPatientView } from "@/lib/data/access-audit";
import { getPatient } from "@/lib/data/patients";
import { uuid } from "@/lib/validation/common";
import { PaperCourseForm } from "./paper-course-form";

export const metadata: Metadata = { title: "Enter a course from paper records" };

export default async function PaperCoursePage({ params }: { params: Promise<{ patientId: string }> }) {
  const user = await requirePagePermission("doses.write");
  const { patientId } = await params;
  if (!uuid.safeParse(patientId).success) notFound();
  const patient = await getPatient(user, patientId);
  if (!patient) notFound();
  await recordPatientView(user, patient.id, "paper-course");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">
        Enter a course from paper records · {patient.lastName}, {patient.firstName}
      </h1>
      <p className="max-w-3xl text-sm text-slate-600">
        A finished course, with its dose periods or, when the record gives only that, its total. It may be entered while another course is in progress; courses
        of one patient never overlap. It counts in the lifetime total and creates no monitoring items, except the pregnancy test after the course when that test
        is still ahead, or due and not yet overdue, today: it is followed up here like any course&apos;s.
      </p>
      <PaperCourseForm patientId={patient.id} today={clinicToday()} indication={patient.indication} />
    </div>
  );
}
