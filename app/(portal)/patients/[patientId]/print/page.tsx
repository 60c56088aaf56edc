import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/session";
import { CLINIC_NAME, clinicToday } from "@/lib/clinic";
import { getPatientLabs } from "@/lib/data/labs";
import { getPatientHeader } from "@/lib/data/patient-header";
import { recordPatientView } from "@/lib/data/access-audit";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { categoryOn } from "@/lib/domain/pregnancy";
import { getPatientTreatment } from "@/lib/data/treatment";
import { formatDate, formatDateOfBirth, formatMg, formatMgPerKg } from "@/lib/format";
import { DECISION_OUTCOME_LABELS, LAB_FLAG_LABELS, PREGNANCY_CATEGORY_LABELS, QUALITATIVE_RESULT_LABELS, SEX_LABELS, TEST_SETTING_WORDS } from "@/lib/labels";
import { uuid } from "@/lib/validation/common";
import { TableHead } from "@/components/table-head";
import { DoNotDispense } from "../_components/pregnancy-banner";
import { Figure, PrintedCourse } from "./course-summary";
import { PrintButton } from "./print-button";
import { rangeText } from "../_components/lab-text";
import { confirmationText } from "../_components/pregnancy-section";

export const metadata: Metadata = { title: "Course summary" };

/**
 * The course summary for paper: the patient, every course with its regimen history and cumulative
 * figures, the lifetime total, the lab results with their flags, the pregnancy-prevention record, and a
 * signature line. Opening it is recorded as a view of the patient's record ("print").
 */
export default async function PrintSummaryPage({ params }: { params: Promise<{ patientId: string }> }) {
  const user = await requirePagePermission("labs.read");
  const { patientId } = await params;
  if (!uuid.safeParse(patientId).success) notFound();
  const today = clinicToday();
  const header = await getPatientHeader(user, patientId, today);
  if (!header) notFound();
  // The view's audit row is written beside the reads; nothing is shown before it has committed.
  const [treatment, labs, pregnancy] = await Promise.all([
    getPatientTreatment(user, patientId, today),
    getPatientLabs(user, patientId),
    getPregnancyOverview(user, patientId, today),
    recordPatientView(user, patientId, "print"),
  ]);
  const current = labs.filter((l) => l.voidedAt === null);
  const record = pregnancy?.clinical;
  // As for lab results, the paper summary lists the records in force: those entered in error are left out.
  return (
    <article className="mx-auto max-w-4xl space-y-5 bg-white p-6 text-sm print:max-w-none print:p-0" data-testid="print-summary">
      <div className="flex items-start justify-between gap-4">
        <div>
          <p className="text-xs uppercase tracking-wide text-slate-600">{CLINIC_NAME} · Isotretinoin course summary</p>
          <h1 className="text-2xl font-semibold">
            {header.lastName}, {header.firstName}
          </h1>
          <p>
            MRN <span className="font-mono">{header.mrn}</span> · born {formatDateOfBirth(header.dateOfBirth, today)} · {SEX_LABELS[header.sexAtBirth]} ·{" "}
            {PREGNANCY_CATEGORY_LABELS[header.pregnancyCategory]}
          </p>
          <p className="text-slate-600">
            Printed {formatDate(today)} by {user.name}
          </p>
        </div>
        <PrintButton />
      </div>

      <section aria-labelledby="print-courses" className="space-y-3">
        <h2 id="print-courses" className="text-lg font-semibold">
          Courses
        </h2>
        <dl className="grid grid-cols-3 gap-4">
          <Figure label="Lifetime cumulative dose" value={`${formatMg(treatment.lifetime.totalMg)} · ${formatMgPerKg(treatment.lifetime.mgPerKg)}`} />
        </dl>
        {treatment.courses.length === 0 ? (
          <p>No isotretinoin course recorded.</p>
        ) : (
          treatment.courses.map((c) => (
            <PrintedCourse
              key={c.id}
              course={c}
              lifetime={treatment.lifetime}
              held={pregnancy?.heldPrescriptions}
              prescribingStopped={pregnancy?.prescribingStopped}
            />
          ))
        )}
      </section>

      <section aria-labelledby="print-labs" className="space-y-2">
        <h2 id="print-labs" className="text-lg font-semibold">
          Lab results
        </h2>
        {current.length === 0 ? (
          <p>No results recorded.</p>
        ) : (
          <table className="table" data-testid="print-labs">
            <TableHead columns={["Specimen date", "Test", "Result", "Reference", "Flag"]} className="" />
            <tbody className="divide-y divide-slate-200">
              {current.map((l) => (
                <tr key={l.id}>
                  <td className="whitespace-nowrap">{formatDate(l.specimenDate)}</td>
                  <td>{l.name}</td>
                  <td>
                    {l.valueNumeric !== null ? `${l.valueNumeric} ${l.unit ?? ""}` : l.valueQualitative ? QUALITATIVE_RESULT_LABELS[l.valueQualitative] : "—"}
                    {l.pregnancyTestSetting ? ` · done at ${TEST_SETTING_WORDS[l.pregnancyTestSetting]}` : ""}
                  </td>
                  <td>{rangeText(l.refLow, l.refHigh)}</td>
                  <td className={l.flag === "NORMAL" ? "" : "font-semibold"}>
                    {LAB_FLAG_LABELS[l.flag]}
                    {l.flag !== "NORMAL" ? (l.acknowledgedAt ? ` · reviewed by ${l.acknowledgedBy?.name ?? ""}` : " · not yet reviewed") : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {pregnancy && record ? (
        <section aria-labelledby="print-pregnancy" className="space-y-2" data-testid="print-pregnancy">
          <h2 id="print-pregnancy" className="text-lg font-semibold">
            Pregnancy prevention
          </h2>
          <p>
            <span className="font-semibold">{pregnancy.summary}</span> · {pregnancy.ruleSetName}
          </p>
          {pregnancy.doNotDispense ? <DoNotDispense text={pregnancy.doNotDispense.text} /> : null}
          <PrintList title="Category history" empty="None recorded.">
            {record.categoryHistory.map((h) => `${PREGNANCY_CATEGORY_LABELS[h.category]} from ${formatDate(h.effectiveFrom)} · ${h.reason} · ${h.by}`)}
          </PrintList>
          {pregnancy.category === "CAN_BECOME_PREGNANT" ? (
            <PrintList title="Contraception" empty="No contraception documented.">
              {record.contraception
                .filter((r) => r.voided === null)
                .map((r) => `${r.methods} · from ${formatDate(r.startDate)}${r.endDate ? ` to ${formatDate(r.endDate)}` : " (in use)"} · ${r.by}`)}
            </PrintList>
          ) : null}
          <PrintList title="Counseling" empty="No counseling recorded.">
            {record.counseling
              .filter((r) => r.voided === null)
              .map(
                (r) =>
                  `${formatDate(r.counseledOn)}${r.confirmationNumber ? ` · confirmation ${r.confirmationNumber}` : ""}${confirmationText(categoryOn(record, r.counseledOn), r)} · ${r.by}`,
              )}
          </PrintList>
          <PrintList title="Decisions on pregnancy tests" empty="None.">
            {record.decisions.map(
              (d) => `Test of ${formatDate(d.testDate)}: ${DECISION_OUTCOME_LABELS[d.outcome]} · ${d.reason} · ${d.by}, ${formatDate(d.decidedOn)}`,
            )}
          </PrintList>
        </section>
      ) : null}

      <section aria-label="Signature" className="grid grid-cols-3 gap-6 pt-10">
        {["Dermatologist", "Signature", "Date"].map((label) => (
          <div key={label}>
            <div className="h-8 border-b border-slate-900" />
            <p className="mt-1 text-xs text-slate-600">{label}</p>
          </div>
        ))}
      </section>
    </article>
  );
}

function PrintList({ title, empty, children }: { title: string; empty: string; children: string[] }) {
  return (
    <div>
      <h3 className="font-semibold">{title}</h3>
      {children.length ? (
        <ul className="list-disc pl-5">
          {children.map((text, i) => (
            <li key={i}>{text}</li>
          ))}
        </ul>
      ) : (
        <p>{empty}</p>
      )}
    </div>
  );
}
