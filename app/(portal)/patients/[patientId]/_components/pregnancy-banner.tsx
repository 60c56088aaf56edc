import Link from "@/components/link";
import type { Role } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { clinicToday } from "@/lib/clinic";
import { getPregnancyOverview, type PregnancyOverview } from "@/lib/data/pregnancy-overview";
import { stopInstruction, type CourseToStop } from "@/lib/domain/pregnancy/course-to-stop";
import { formatDate } from "@/lib/format";
import { QUALITATIVE_RESULT_LABELS } from "@/lib/labels";
import { courseStatusAnchor, endEarlierAnchor } from "./course-anchors";
import { FormLink } from "./form-link";

/**
 * Heads every page of a patient: the pregnancy-prevention status in one line, and a red banner while a
 * positive or indeterminate test awaits a dermatologist's decision. Office staff are told a review is
 * needed, never the result; a dermatologist, what to do first: stop or pause the course still dosing after
 * today (with a link to its form), or, with none, only record the decision. A review needed for a result the
 * rules cannot read says which (a laboratory's test waiting in the queue links there, for the roles that may
 * open it), in words naming no result. A prescription still within its
 * dispense-by date that must not be dispensed (prescribing stopped, or its test voided) shows "Do not
 * dispense" for every role instead of a countdown.
 */
export async function PregnancyBanner({ patientId, viewer }: { patientId: string; viewer: { role: Role } }) {
  const o = await getPregnancyOverview(viewer, patientId, clinicToday());
  if (!o) return null;
  const undecided = o.clinical?.undecidedTest ?? null;
  return (
    <div className="space-y-2" data-testid="pregnancy-banner">
      {o.reviewNeeded ? (
        undecided ? (
          <div className="rounded-md border border-red-700 bg-red-700 px-4 py-3 text-white" data-testid="pregnancy-alert">
            <p className="font-semibold">
              {QUALITATIVE_RESULT_LABELS[undecided.result]} pregnancy test on {formatDate(undecided.specimenDate)}: prescribing is stopped.
            </p>
            <p className="text-sm">
              A dermatologist must document a decision.{" "}
              {can(viewer.role, "pregnancy.decide") ? <StopFirst patientId={patientId} course={o.clinical?.courseToStop ?? null} /> : null}
              <Link href={`/patients/${patientId}#pregnancy`} className="font-semibold underline">
                Go to the pregnancy-prevention record
              </Link>
            </p>
            <ReviewReasons reasons={o.reviewReasons} role={viewer.role} />
          </div>
        ) : (
          <div className="rounded-md border border-amber-400 bg-amber-50 px-4 py-3 text-amber-950" data-testid="pregnancy-review-needed">
            <p className="font-semibold">Dermatologist review required before any further prescription.</p>
            <ReviewReasons reasons={o.reviewReasons} role={viewer.role} />
          </div>
        )
      ) : null}
      {o.doNotDispense ? <DoNotDispense text={o.doNotDispense.text} /> : null}
      <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-800" data-testid="pregnancy-status">
        <span className="font-semibold">{o.summary}</span>
        <span className="text-slate-700"> · {o.ruleSetName}</span>
      </p>
    </div>
  );
}

/**
 * Why a review is needed beyond a test awaiting a decision; for a laboratory's test waiting in the queue, a link to
 * Unfiled lab results for the roles its page lets in (labs.write).
 */
function ReviewReasons({ reasons, role }: { reasons: PregnancyOverview["reviewReasons"]; role: Role }) {
  if (reasons.length === 0) return null;
  return (
    <ul className="mt-1 space-y-1 text-sm" data-testid="pregnancy-review-reasons">
      {reasons.map((r) => (
        <li key={r.code}>
          {r.text}.
          {r.code === "LAB_RESULT_QUEUED" && can(role, "labs.write") ? (
            <>
              {" "}
              <Link href="/labs/queue" className="font-semibold underline">
                Open Unfiled lab results
              </Link>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** What the dermatologist does before recording the decision, and the link to the course's form that does it. */
function StopFirst({ patientId, course }: { patientId: string; course: CourseToStop | null }) {
  const { text, link } = stopInstruction(course);
  if (!course || !link) return <span data-testid="stop-first">{text} </span>;
  const anchor = course.by === "END_EARLIER" ? endEarlierAnchor(course.id) : courseStatusAnchor(course.id);
  return (
    <span data-testid="stop-first">
      {text}{" "}
      <FormLink href={`/patients/${patientId}#${anchor}`} className="font-semibold underline">
        {link}
      </FormLink>
      .{" "}
    </span>
  );
}

/** Why the latest prescription must not be dispensed, in words every role may read. */
export function DoNotDispense({ text }: { text: string }) {
  return (
    <p className="rounded-md border border-red-700 bg-red-50 px-4 py-2 font-semibold text-red-900" data-testid="do-not-dispense">
      {text}.
    </p>
  );
}
