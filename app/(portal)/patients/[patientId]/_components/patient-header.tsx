import Link from "@/components/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { can, type Role } from "@/lib/auth/permissions";
import { getPatientHeader, type PatientHeader as PatientHeaderData } from "@/lib/data/patient-header";
import { formatCount, formatDate, formatDateOfBirth, formatMgPerKg, formatPercent } from "@/lib/format";
import { COURSE_STATUS_LABELS, PREGNANCY_CATEGORY_LABELS, SEX_LABELS } from "@/lib/labels";
import { COURSE_STATUS_STYLE } from "@/components/badge-styles";
import { StickyIdentity } from "@/components/sticky-identity";
import { PregnancyBanner } from "./pregnancy-banner";

/**
 * Heads every page of a patient: who it is (name, age, MRN, category), for clinical roles the course in
 * progress with its cumulative mg/kg and any critical result awaiting review with a link to it, then the
 * pregnancy-prevention status, which streams in on its own. `page` names a sub-page (its own h1 follows);
 * without it the patient's name is the page's h1.
 */
export async function PatientHeader({ patientId, viewer, today, page }: { patientId: string; viewer: { role: Role }; today: string; page?: string }) {
  const h = await getPatientHeader(viewer, patientId, today);
  if (!h) notFound();
  const name = `${h.lastName}, ${h.firstName}`;
  const active = h.clinical?.activeCourse ?? null;
  const critical = h.clinical?.criticalAlerts ?? [];
  return (
    <header className="space-y-3" data-testid="patient-header">
      <StickyIdentity text={`${name} · MRN ${h.mrn} · born ${formatDate(h.dateOfBirth)}`} />
      {page ? (
        <nav aria-label="Breadcrumb" className="print:hidden text-sm text-slate-600">
          <Link href="/patients" className="text-brand-700 hover:underline">
            Patients
          </Link>{" "}
          /{" "}
          <Link href={`/patients/${h.id}`} className="text-brand-700 hover:underline">
            {name}
          </Link>{" "}
          / <span aria-current="page">{page}</span>
        </nav>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          {page ? (
            <p className="text-lg font-semibold" data-testid="patient-name">
              {name}
            </p>
          ) : (
            <h1 className="text-2xl font-semibold" data-testid="patient-name">
              {name}
            </h1>
          )}
          <p className="text-sm text-slate-700" data-testid="patient-identity">
            MRN <span className="font-mono">{h.mrn}</span> · born {formatDateOfBirth(h.dateOfBirth, today)} · {SEX_LABELS[h.sexAtBirth]} ·{" "}
            {PREGNANCY_CATEGORY_LABELS[h.pregnancyCategory]}
          </p>
          {h.clinical ? (
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm" data-testid="header-course">
              {active ? (
                <>
                  <span className={`badge ${COURSE_STATUS_STYLE[active.status]}`}>Course {COURSE_STATUS_LABELS[active.status].toLowerCase()}</span>
                  <Link href={`/patients/${h.id}#treatment-heading`} className="font-semibold text-brand-700 hover:underline">
                    {courseFigures(active)}
                  </Link>
                  {active.standing.kind === "PAST" ? (
                    <span className="badge bg-red-100 text-red-900" data-testid="header-past-target">
                      Lifetime total past target
                    </span>
                  ) : active.standing.kind === "TOWARDS" && active.standing.near ? (
                    <span className="badge bg-amber-100 text-amber-900" data-testid="header-near-target">
                      Lifetime total near target
                    </span>
                  ) : null}
                </>
              ) : (
                <span className="text-slate-600">No course in progress</span>
              )}
            </p>
          ) : null}
        </div>
        <HeaderActions patientId={h.id} role={viewer.role} />
      </div>
      {critical.length ? (
        <div className="rounded-md border border-red-700 bg-red-50 px-4 py-2 text-sm text-red-900" data-testid="header-critical" role="note">
          <span className="font-semibold">{formatCount(critical.length, "critical result")} awaiting review: </span>
          {critical.map((a, i) => (
            <span key={a.id}>
              {i ? ", " : ""}
              <Link href={`/patients/${h.id}?labs=all#lab-${a.id}`} className="font-semibold underline">
                {a.test}, {formatDate(a.specimenDate)}
              </Link>
            </span>
          ))}
        </div>
      ) : null}
      <Suspense fallback={<p className="h-9 animate-pulse rounded-md bg-slate-100" aria-label="Loading pregnancy-prevention status" role="status" />}>
        <PregnancyBanner patientId={h.id} viewer={viewer} />
      </Suspense>
    </header>
  );
}

type ActiveCourse = NonNullable<NonNullable<PatientHeaderData["clinical"]>["activeCourse"]>;

/**
 * The course in progress against its target by the patient's lifetime total (lib/domain/dosing/target-standing.ts):
 * "2.0 mg/kg of 120 mg/kg (2%)" for a patient's only course; with earlier courses, this course's figure and
 * the lifetime's against the target, "2.0 mg/kg this course · lifetime 121.0 mg/kg of 120 mg/kg (101%)".
 */
function courseFigures(active: ActiveCourse): string {
  const course = formatMgPerKg(active.mgPerKg);
  if (active.standing.kind === "NO_TARGET") return `${course} (no cumulative target)`;
  const { targetMgPerKg, lifetimeMgPerKg, percent } = active.standing;
  return lifetimeMgPerKg > active.mgPerKg
    ? `${course} this course · lifetime ${formatMgPerKg(lifetimeMgPerKg)} of ${targetMgPerKg} mg/kg (${formatPercent(percent)})`
    : `${course} of ${targetMgPerKg} mg/kg (${formatPercent(percent)})`;
}

function HeaderActions({ patientId, role }: { patientId: string; role: Role }) {
  const clinical = can(role, "labs.read") && can(role, "courses.read");
  return (
    <div className="flex flex-wrap gap-2 print:hidden">
      {clinical ? (
        <Link className="btn-secondary" href={`/patients/${patientId}/print`}>
          Print course summary
        </Link>
      ) : null}
      {clinical ? (
        <a className="btn-secondary" href={`/patients/${patientId}/export/fhir`} download>
          Download record (FHIR)
        </a>
      ) : null}
      {can(role, "patients.write") ? (
        <Link className="btn-secondary" href={`/patients/${patientId}/edit`}>
          Edit details
        </Link>
      ) : null}
    </div>
  );
}
