import Link from "@/components/link";
import { LazyDetails } from "@/components/lazy-details";
import { can, type Role } from "@/lib/auth/permissions";
import { confirmableContraception } from "@/lib/data/contraception-confirmation";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { getPatientTreatment } from "@/lib/data/treatment";
import { formatDate, formatKg, formatMg, formatMgPerKg } from "@/lib/format";
import { WEIGHT_POLICY_LABELS } from "@/lib/labels";
import { CourseCard } from "./course-card";
import { CourseActionForms } from "./course-forms";
import { WeightForm } from "./weight-form";
import { WeightHistory } from "./weight-history";
import { EndEarlierForm } from "./end-earlier-form";
import { PaperRecordForm } from "./paper-record-form";
import { ReopenCourseForm } from "./void-entry-form";
import { LeftAnswerHere, LeftAnswers } from "@/components/left-answer";

/** The patient's courses, weights and their forms, as getPatientTreatment gives them to the viewer; the role chooses the forms only. */
export async function TreatmentSection({ patientId, viewer, today }: { patientId: string; viewer: { role: Role }; today: string }) {
  const role = viewer.role;
  // The overview is the banner's, read once per request: a held prescription's line says not to dispense it.
  const [t, pregnancy] = await Promise.all([getPatientTreatment(viewer, patientId, today), getPregnancyOverview(viewer, patientId, today)]);
  const canPrescribe = can(role, "doses.write");
  const inProgress = t.courses.some((c) => c.status === "ACTIVE" || c.status === "PAUSED");
  return (
    <section className="space-y-4" aria-labelledby="treatment-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="treatment-heading" className="text-xl font-semibold">
          Treatment
        </h2>
        <div className="flex flex-wrap gap-2">
          {canPrescribe ? (
            <Link href={`/patients/${patientId}/courses/history`} className="btn-secondary">
              Enter a course from paper records
            </Link>
          ) : null}
          {canPrescribe && !inProgress ? (
            <Link href={`/patients/${patientId}/courses/new`} className="btn-primary">
              Start a course
            </Link>
          ) : null}
        </div>
      </div>
      <div className="card grid gap-3 sm:grid-cols-3">
        <div>
          <p className="text-xs uppercase tracking-wide text-slate-500">Lifetime cumulative dose</p>
          <p className="font-semibold" data-testid="lifetime">
            {formatMg(t.lifetime.totalMg)} · {formatMgPerKg(t.lifetime.mgPerKg)}
          </p>
        </div>
        <div>
          <p className="text-xs uppercase tracking-wide text-slate-500">Latest weight</p>
          <p className="font-semibold">{t.latestWeightGrams ? `${formatKg(t.latestWeightGrams)} on ${formatDate(t.weights.at(-1)!.date)}` : "None recorded"}</p>
        </div>
        <div>
          <p className="text-xs uppercase tracking-wide text-slate-500">Weight policy for mg/kg</p>
          <p className="font-semibold">{WEIGHT_POLICY_LABELS[t.settings.weightPolicy]}</p>
        </div>
        {can(role, "weights.write") ? (
          <div className="sm:col-span-3">
            <WeightForm patientId={patientId} today={today} />
          </div>
        ) : null}
        {t.weightHistory.length > 0 ? (
          <LazyDetails className="sm:col-span-3" summaryClassName="cursor-pointer font-semibold text-brand-700" summary="Weight history">
            <WeightHistory weights={[...t.weightHistory].reverse()} canCorrect={can(role, "weights.write")} />
          </LazyDetails>
        ) : null}
      </div>
      {t.courses.length === 0 ? (
        <p className="card text-slate-600">
          No isotretinoin course yet.{canPrescribe ? " Start one with Start a course; a course begun on paper can be entered with its real start date." : ""}
        </p>
      ) : (
        // A course ended with its form (stopped, completed, ended earlier) loses that form: its answer stays at the course.
        <LeftAnswers>
          {t.courses.map((c) => (
            <CourseCard
              key={c.id}
              course={c}
              lifetime={t.lifetime}
              canCorrect={canPrescribe}
              canRecordDispensing={can(role, "dispensing.record")}
              held={pregnancy?.heldPrescriptions}
              prescribingStopped={pregnancy?.prescribingStopped}
            >
              <LeftAnswerHere testId="correction-confirmation" className="mt-1" id={c.id} />
              {canPrescribe && (c.status === "COMPLETED" || c.status === "STOPPED") && !c.paperRecord ? (
                <ReopenCourseForm course={{ id: c.id, version: c.version }} />
              ) : null}
              {canPrescribe && !c.paperRecord && c.endDate && c.endDate > today ? (
                <EndEarlierForm course={{ id: c.id, version: c.version, status: c.status }} endDate={c.endDate} today={today} />
              ) : null}
              {canPrescribe && c.paperRecord && c.endDate ? (
                <PaperRecordForm
                  course={{
                    id: c.id,
                    version: c.version,
                    startDate: c.startDate,
                    endDate: c.endDate,
                    startWeightGrams: c.startWeightGrams,
                    recordedTotalMg: c.recordedTotalMg,
                  }}
                />
              ) : null}
              {canPrescribe ? (
                <CourseActionForms
                  course={{ id: c.id, version: c.version, status: c.status }}
                  today={today}
                  current={
                    c.summary.currentRegimen
                      ? {
                          mgPerIntake: c.summary.currentRegimen.mgPerIntake,
                          intakesPerDay: c.summary.currentRegimen.intakesPerDay,
                          pattern: c.summary.currentRegimen.pattern.kind,
                          ...c.summary.currentRegimen.pattern,
                        }
                      : null
                  }
                  latestPrescription={c.latestPrescription}
                  doseVersions={c.activeDoseChanges}
                  contraception={confirmableContraception(pregnancy)}
                />
              ) : null}
            </CourseCard>
          ))}
        </LeftAnswers>
      )}
    </section>
  );
}
