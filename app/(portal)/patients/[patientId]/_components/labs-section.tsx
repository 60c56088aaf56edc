import { randomUUID } from "node:crypto";
import Link from "next/link";
import { can, type Role } from "@/lib/auth/permissions";
import { actionLineFor } from "@/lib/domain/monitoring/flags";
import { getThresholds } from "@/lib/data/config";
import { getLabCatalogue, getPatientLabs } from "@/lib/data/labs";
import { formatDate } from "@/lib/format";
import { acceptedUnits } from "@/lib/domain/monitoring/units";
import { ANALYTE_LABELS, LAB_FLAG_LABELS, QUALITATIVE_RESULT_LABELS, REVIEW_ACTION_LABELS, TEST_SETTING_NOTES } from "@/lib/labels";
import { FLAG_STYLE } from "@/components/badge-styles";
import { clinicToday } from "@/lib/clinic";
import { CorrectionForm } from "./correction-form";
import { AcknowledgeButton, LabPanelForm } from "./lab-forms";
import { LabTrendChart } from "./lab-trend-chart";
import { LazyDetails } from "@/components/lazy-details";
import { TableHead } from "@/components/table-head";

/** The analytes with a trend chart, in order. */
const TRENDS = ["TG", "ALT", "AST", "CHOL", "LDL", "HDL"] as const;

const valueText = (l: { valueNumeric: number | null; unit: string | null; valueQualitative: keyof typeof QUALITATIVE_RESULT_LABELS | null }) =>
  l.valueNumeric !== null ? `${l.valueNumeric} ${l.unit ?? ""}` : l.valueQualitative ? QUALITATIVE_RESULT_LABELS[l.valueQualitative].toLowerCase() : "—";

/** The value as entered or received, when its unit was converted to the canonical one. */
const enteredText = (l: { enteredValue: number | null; enteredUnit: string | null; unit: string | null }) =>
  l.enteredValue !== null && l.enteredUnit && l.enteredUnit !== l.unit ? `entered as ${l.enteredValue} ${l.enteredUnit}` : null;

const rangeText = (low: number | null, high: number | null) =>
  low !== null && high !== null ? `${low}-${high}` : high !== null ? `≤ ${high}` : low !== null ? `≥ ${low}` : "—";

/** The table lists the most recent results; the whole history is one link away. The trend charts use all. */
const RECENT_RESULTS = 25;

export async function LabsSection({ patientId, role, today, showAll }: { patientId: string; role: Role; today: string; showAll: boolean }) {
  const [labs, catalogue, thresholds] = await Promise.all([
    getPatientLabs({ role }, patientId),
    can(role, "labs.write") ? getLabCatalogue() : Promise.resolve([]),
    getThresholds(today),
  ]);
  const canAck = can(role, "labs.acknowledge");
  const canCorrect = can(role, "labs.write");
  // Results entered in error stay in the table, struck through; the charts use the current ones only.
  const current = labs.filter((l) => l.voidedAt === null);
  const shown = showAll ? labs : labs.slice(0, RECENT_RESULTS);
  return (
    <section className="space-y-4" aria-labelledby="labs-heading" id="labs">
      <h2 id="labs-heading" className="text-xl font-semibold">
        Lab results
      </h2>
      {can(role, "labs.write") ? (
        <LazyDetails className="card" summaryClassName="cursor-pointer font-semibold text-brand-700" summary="Record lab results" bodyClassName="mt-3">
          <LabPanelForm
            patientId={patientId}
            submissionId={randomUUID()}
            today={today}
            tests={catalogue.map((t) => ({
              id: t.id,
              name: t.name,
              code: t.code,
              kind: t.kind,
              analyte: t.analyte,
              unit: t.unit,
              units: t.unit ? (acceptedUnits(t.analyte)?.filter((u) => u !== "[IU]/L") ?? [t.unit]) : [],
              range: rangeText(t.refLow === null ? null : Number(t.refLow), t.refHigh === null ? null : Number(t.refHigh)),
            }))}
          />
        </LazyDetails>
      ) : null}
      <div className="grid gap-3 md:grid-cols-3">
        {TRENDS.map((analyte) => {
          const points = current
            .filter((l) => l.analyte === analyte && l.valueNumeric !== null)
            .map((l) => ({ date: l.specimenDate, value: l.valueNumeric! }))
            .reverse();
          if (points.length === 0) return null;
          const latest = current.find((l) => l.analyte === analyte);
          return (
            <LabTrendChart
              key={analyte}
              title={ANALYTE_LABELS[analyte]}
              unit={latest?.unit ?? null}
              points={points}
              refLow={latest?.refLow ?? null}
              refHigh={latest?.refHigh ?? null}
              actionLine={actionLineFor(analyte, thresholds) ?? undefined}
            />
          );
        })}
      </div>
      {labs.length === 0 ? (
        <p className="card text-slate-600">No results recorded yet.</p>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="table" data-testid="lab-results">
            <TableHead columns={["Specimen date", "Test", "Result", "Reference", "Flag", "Entered by"]} />
            <tbody className="divide-y divide-slate-100">
              {shown.map((l) => (
                <tr key={l.id} id={`lab-${l.id}`} data-flag={l.flag} className="target:bg-amber-50">
                  <td className="whitespace-nowrap">{formatDate(l.specimenDate)}</td>
                  <td>
                    {l.name} <span className="font-mono text-xs text-slate-500">{l.code}</span>
                  </td>
                  <td className="font-semibold">
                    {l.voidedAt ? <del>{valueText(l)}</del> : valueText(l)}
                    {l.voidedAt ? (
                      <div className="text-xs font-normal text-slate-600" data-testid="voided">
                        Entered in error: {l.voidReason} ({l.voidedBy?.name}, {formatDate(clinicToday(l.voidedAt))})
                      </div>
                    ) : null}
                    {enteredText(l) ? <div className="text-xs font-normal text-slate-600">{enteredText(l)}</div> : null}
                    {l.hl7Message ? (
                      <div className="text-xs font-normal text-slate-500">
                        Received from {l.hl7Message.interface?.name ?? l.hl7Message.sendingFacility} (HL7)
                      </div>
                    ) : null}
                    {l.duplicateOfId ? <div className="text-xs font-normal text-slate-600">Recorded again (same result already on file)</div> : null}
                    {l.corrects ? <div className="text-xs font-normal text-slate-600">Corrects {formatDate(l.corrects)} entry</div> : null}
                    {canCorrect && !l.voidedAt && (l.analyte !== "HCG" || can(role, "pregnancy.decide")) ? <CorrectionForm kind="lab" entryId={l.id} /> : null}
                    {l.pregnancyTestSetting ? <div className="text-xs font-normal text-slate-500">{TEST_SETTING_NOTES[l.pregnancyTestSetting]}</div> : null}
                  </td>
                  <td className="text-slate-500">
                    {rangeText(l.refLow, l.refHigh)}
                    {l.refHighDefaulted ? <div className="text-xs">default range: the lab gave no upper limit</div> : null}
                    {l.labRange || l.labFlag ? (
                      <div className="text-xs" data-testid="lab-reported">
                        Lab reported: {[l.labRange, l.labFlag ? `flag ${l.labFlag}` : null].filter(Boolean).join(", ")}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <span className={`badge ${FLAG_STYLE[l.flag]}`}>{LAB_FLAG_LABELS[l.flag]}</span>
                    {l.flagReason ? <div className="text-xs text-slate-600">{l.flagReason}</div> : null}
                    {l.flag !== "NORMAL" && l.acknowledgedAt ? (
                      <div className="text-xs text-slate-500" data-testid="review-history">
                        Reviewed by {l.acknowledgedBy?.name}, {formatDate(clinicToday(l.acknowledgedAt))}
                        {l.reviewAction ? `: ${REVIEW_ACTION_LABELS[l.reviewAction]}` : ""}
                        {l.reviewNote ? ` (${l.reviewNote})` : ""}
                      </div>
                    ) : null}
                    {l.flag !== "NORMAL" && !l.acknowledgedAt && !l.voidedAt && canAck ? (
                      l.analyte === "HCG" ? (
                        <Link href={`/patients/${patientId}#pregnancy`} className="text-xs font-semibold text-brand-700 underline">
                          Document a decision
                        </Link>
                      ) : (
                        <AcknowledgeButton labResultId={l.id} />
                      )
                    ) : null}
                  </td>
                  <td className="text-slate-600">{l.enteredBy?.name ?? "Lab interface"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {labs.length > RECENT_RESULTS ? (
            <p className="border-t border-slate-100 px-4 py-2 text-sm">
              {showAll ? (
                <Link href={`/patients/${patientId}#labs`} className="text-brand-700 hover:underline">
                  Show the latest {RECENT_RESULTS} results
                </Link>
              ) : (
                <>
                  Latest {RECENT_RESULTS} of {labs.length} results.{" "}
                  <Link href={`/patients/${patientId}?labs=all#labs`} className="text-brand-700 hover:underline" data-testid="all-labs">
                    Show all {labs.length}
                  </Link>
                </>
              )}
            </p>
          ) : null}
        </div>
      )}
    </section>
  );
}
