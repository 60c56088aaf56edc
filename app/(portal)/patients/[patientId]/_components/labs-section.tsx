import { randomUUID } from "node:crypto";
import Link from "@/components/link";
import { can, type Role } from "@/lib/auth/permissions";
import { actionLineFor } from "@/lib/domain/monitoring/flags";
import { getThresholds } from "@/lib/data/config";
import { getLabCatalogue, getPatientLabs } from "@/lib/data/labs";
import { unitChoices } from "@/lib/domain/monitoring/units";
import { ANALYTE_LABELS } from "@/lib/labels";
import { clinicToday } from "@/lib/clinic";
import { formatDate } from "@/lib/format";
import { LabPanelForm } from "./lab-forms";
import { rangeText } from "./lab-text";
import { LabResultsTable } from "./lab-results-table";
import { LabTrendChart } from "./lab-trend-chart";
import { LazyDetails } from "@/components/lazy-details";
import { LeftAnswers } from "@/components/left-answer";

/** The analytes with a trend chart, in order. */
const TRENDS = ["TG", "ALT", "AST", "CHOL", "LDL", "HDL"] as const;

/** Who voided a result: a user, or the lab interface whose corrected result replaced it. */
const voidedByName = (l: { voidedBy: { name: string } | null; voidedByInterface: { name: string } | null }) =>
  l.voidedBy?.name ?? (l.voidedByInterface ? `${l.voidedByInterface.name} (lab interface)` : "");

/**
 * What the results table shows of a row, and nothing more: the fields it displays, the instants as clinic
 * days (its type is the table's props, lab-results-table.tsx).
 */
export function labResultShown(l: Awaited<ReturnType<typeof getPatientLabs>>[number]) {
  return {
    id: l.id,
    analyte: l.analyte,
    code: l.code,
    name: l.name,
    specimenDate: l.specimenDate,
    valueNumeric: l.valueNumeric,
    valueQualitative: l.valueQualitative,
    unit: l.unit,
    enteredValue: l.enteredValue,
    enteredUnit: l.enteredUnit,
    refLow: l.refLow,
    refHigh: l.refHigh,
    refHighDefaulted: l.refHighDefaulted,
    labRange: l.labRange,
    labFlag: l.labFlag,
    flag: l.flag,
    flagReason: l.flagReason,
    pregnancyTestSetting: l.pregnancyTestSetting,
    corrects: l.corrects,
    receivedFrom: l.hl7Message ? (l.hl7Message.interface?.name ?? l.hl7Message.sendingFacility) : null,
    recordedAgain: l.duplicateOfId !== null,
    voided: l.voidedAt
      ? { reason: l.voidReason ?? "", by: voidedByName(l), on: formatDate(clinicToday(l.voidedAt)), corrected: l.replacedById !== null }
      : null,
    review: l.acknowledgedAt
      ? { by: l.acknowledgedBy?.name ?? "", on: formatDate(clinicToday(l.acknowledgedAt)), action: l.reviewAction, note: l.reviewNote }
      : null,
    enteredBy: l.enteredBy?.name ?? null,
  };
}

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
        <LazyDetails formOnly className="card" summaryClassName="cursor-pointer font-semibold text-brand-700" summary="Record lab results" bodyClassName="mt-3">
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
              units: unitChoices(t),
              range: rangeText(t.refLow === null ? null : Number(t.refLow), t.refHigh === null ? null : Number(t.refHigh), t.unit),
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
          <LeftAnswers>
            <LabResultsTable
              patientId={patientId}
              rows={shown.map(labResultShown)}
              canAck={canAck}
              canCorrect={canCorrect}
              canDecide={can(role, "pregnancy.decide")}
              today={today}
            />
          </LeftAnswers>
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
