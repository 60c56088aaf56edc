import "server-only";
import { randomUUID } from "node:crypto";
import { can } from "@/lib/auth/permissions";
import { isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { formatDate } from "@/lib/format";
import { resultStatus } from "@/lib/hl7/interpret";
import type { Observation } from "@/lib/hl7/oru";
import { AppError, confirmationsDue, conflict, invalidField, needsConfirmation, notFound, refused, type Warning } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { getThresholds } from "./config";
import { PREGNANCY_TEST_ROLE } from "./correct-records";
import { findCorrectedResult, replaceLabResult, type CorrectedOriginal } from "./lab-correction";
import { beforeBirthProblem } from "@/lib/domain/date-of-birth";
import { pregnancyTestNotNegative } from "@/lib/domain/pregnancy/not-negative";
import { attachedObservation, COLLECTION_DATE_NOT_ASKED } from "./hl7-collection-date";
import { catalogueTestOf, correctionReason, observationRow, type RangeNotUsed } from "./hl7-observation";
import { attachedTogetherKey } from "./hl7-queue";
import { attachedUnit, unitRefusedText } from "./hl7-unit";
import { mrnIn } from "./import-match";
import { lockMrns, lockPatients } from "./locks";
import { HoldMoved, whileHoldStays } from "./hl7-queue-hold-moved";
import { refreshMonitoringFor } from "./refresh-monitoring";
import type { LabEntry } from "./lab-rows";
import { findDuplicates, saveLabRows, unusualCode } from "./save-lab-rows";
import type { RepeatsAfterCorrection } from "@/lib/domain/monitoring/repeat";
import { MAX_ATTACHED_TOGETHER } from "@/lib/validation/hl7";
import { parseLabValue } from "@/lib/validation/lab";
import { assertMay } from "./viewer";

/** Why a message's other value of a test and date is not attached while a current result of them is on the chart. */
const otherResultCurrent = (o: Observation) =>
  `The patient's chart has a current result of this test on ${formatDate(o.specimenDate)}: if this value is the right one, void it there first, then attach this one; otherwise dismiss this entry.`;

const VOIDED_PREGNANCY_TEST_ROLE = "Only a dermatologist can attach a pregnancy test result that was voided on the patient's chart.";

/** Why a result the laboratory did not send as final cannot be attached, and what to do instead. */
const NOT_ATTACHED = {
  RETRACTED: "The laboratory retracted this result: it cannot be attached. Void the result it names on the patient's chart, then dismiss this entry.",
  PRELIMINARY: "A preliminary result is not recorded: the final result comes in its own message. Dismiss this entry.",
  NOT_FINAL: "A result that is not final is not recorded. Dismiss this entry.",
} as const;

/** "ALT (1742-6)": which of several results a refusal is about (the test, never the patient). */
const resultName = (o: Observation) => (o.codeText ? `${o.codeText} (${o.code})` : o.code);

/**
 * What attaching a result asks to confirm, as one warning (the code hand entry asks an unusual value with,
 * unusualCode, lib/data/record-lab-panel.ts), or null: a value unusual in the unit chosen for it by hand (25
 * triglycerides chosen in mmol/L is 2214.3 mg/dL), naming the value converted and the unit chosen, as a wrong
 * unit chosen from the report reads as a real result (`unusual`: observationRow's finding; a unit the laboratory
 * sent is its own, its unusual value accepted as sent); and the laboratory's range not used (`range`:
 * observationRow's, lib/domain/lab-reference-range.ts), the result judged by the clinic's range instead.
 */
function attachWarning(chosen: Observation, labTestId: string, byHand: boolean, unusual: string | null, range: RangeNotUsed | null): Warning | null {
  const value =
    byHand && unusual !== null ? `${unusual} That is ${chosen.value} in ${chosen.unit}, the unit chosen: check it against the laboratory's report.` : null;
  const check = byHand && value === null ? " Check the unit chosen against the laboratory's report." : "";
  const parts = [value, range ? `${range.message}${check}` : null].filter((p) => p !== null);
  return parts.length ? { code: unusualCode(labTestId), message: parts.join(" ") } : null;
}

/** The question before results are attached whose warnings (attachWarning) are asked, in units chosen (`chosen`) or not. */
const attachQuestion = (several: boolean, chosen: boolean) =>
  chosen
    ? several
      ? "Check these results in the units chosen, then confirm to attach them."
      : "Check this result in the unit chosen, then confirm to attach it."
    : several
      ? "Check these results against the laboratory's report, then confirm to attach them."
      : "Check this result against the laboratory's report, then confirm to attach it.";

/**
 * A nurse or dermatologist attaches waiting results to the patient they have checked, named by MRN and
 * confirmed by date of birth (both must be the patient's): one result, or several of one message at
 * once (the results of a panel whose patient the message named wrongly), all or none. Each result then
 * goes through the same units, limits, flags, duplicate and pregnancy rules as any other (an unusual
 * value is accepted by this check, the laboratory's as it sent it; an impossible one or an unknown test is
 * refused), and the patient's
 * monitoring items and alerts are recomputed in the same transaction, with one audit row per result. A
 * result the laboratory retracted, or sent as preliminary or otherwise not final, is never attached. A
 * corrected result (OBX-11 C) replaces the one current result of its test and specimen date, voided as on
 * import (a negative pregnancy test only by a dermatologist); with none it is attached as a result of its
 * own; with several, the wrong ones are voided on the chart first. When one of several results cannot be
 * attached, nothing is, and the refusal names that result's test. A pregnancy test the laboratory sent
 * without a collection date is filed with the one entered (`collectionDate`, lib/data/hl7-collection-date.ts),
 * never with the message's date; a number sent without its unit, in the unit chosen for it (`units`, by
 * entry id: lib/data/hl7-unit.ts), never in the catalogue's; a value unusual in the unit chosen is attached
 * only once confirmed (`ack`, the tokens of the warnings asked: attachWarning), as one typed in by hand
 * is, and so is a result whose laboratory's range is not used (judged by the clinic's range instead), the
 * question saying why; the audit rows say so. Returns how many were attached, whether a pregnancy test among them is not
 * negative (to act on at once), and what became of the repeats asked for at the reviews of results corrections replaced.
 */
export async function attachHl7Results(actor: AuditActor, input: AttachInput, today: string) {
  assertMay(actor, "labs.write");
  return whileHoldStays(() => attachOnce(actor, input, today));
}

type AttachInput = { entryIds: string[]; mrn: string; birthDate: string; collectionDate?: string; units?: Record<string, string>; ack?: string[] };

async function attachOnce(actor: AuditActor, input: AttachInput, today: string) {
  const ids = [...new Set(input.entryIds)];
  if (ids.length === 0 || ids.length > MAX_ATTACHED_TOGETHER) throw refused(`Attach between 1 and ${MAX_ATTACHED_TOGETHER} results at a time.`);
  const found = await db.hl7QueueEntry.findMany({ where: { id: { in: ids } }, include: { message: { select: { controlId: true } } } });
  if (found.length !== ids.length) throw notFound(ids.length === 1 ? "queued result" : "queued results");
  const entries = ids.map((id) => found.find((e) => e.id === id)!);
  const several = entries.length > 1;
  const resolvedMeanwhile = () =>
    conflict(several ? "One of these results was already attached or dismissed: reload the page." : "This result was already attached or dismissed.");
  if (entries.some((e) => e.status !== "PENDING")) throw resolvedMeanwhile();
  if (new Set(entries.map(attachedTogetherKey)).size > 1) throw refused("Results attached together must come from one message and name one patient.");
  // "ALT (1742-6): …" when the refusal is about one of several results.
  const about = (o: Observation, message: string) => (several ? `${resultName(o)}: ${message}` : message);
  const observed = entries.map((entry) => {
    const sent = entry.observation as unknown as Observation;
    const status = resultStatus(sent.status ?? "");
    if (status !== "FINAL" && status !== "CORRECTED") throw refused(about(sent, NOT_ATTACHED[status]));
    // Attached, it would undo a void that only a dermatologist makes of a pregnancy test.
    if (entry.reason === "VOIDED_ON_CHART" && entry.pregnancyTest && !can(actor.role, "pregnancy.decide"))
      throw new AppError("FORBIDDEN", about(sent, VOIDED_PREGNANCY_TEST_ROLE));
    // A pregnancy test sent without a collection date takes the one entered (lib/data/hl7-collection-date.ts).
    const { o, byHand } = attachedObservation(sent, entry.pregnancyTest, input.collectionDate, today);
    if (o.specimenDate > today) throw refused(about(o, "The observation date is in the future."));
    return { entry, o, status, byHand };
  });
  if (input.collectionDate && !observed.some((r) => r.byHand)) throw invalidField("collectionDate", COLLECTION_DATE_NOT_ASKED);
  // An MRN names one patient in any case (unique on lower(mrn)), as the imports match it.
  const patient = await db.patient.findFirst({ where: mrnIn([input.mrn]), select: { id: true, mrn: true, dateOfBirth: true } });
  if (!patient) throw invalidField("mrn", "No patient has this MRN.");
  if (isoFromDb(patient.dateOfBirth) !== input.birthDate) throw invalidField("birthDate", "This is not the date of birth of the patient with this MRN.");
  // A collection date typed from the report is held to the patient's date of birth, as a specimen date typed in is.
  const typedBeforeBirth = observed.some((r) => r.byHand) && input.collectionDate ? beforeBirthProblem(input.collectionDate, input.birthDate) : null;
  if (typedBeforeBirth) throw invalidField("collectionDate", typedBeforeBirth);
  const thresholdsOn = new Map<string, ReturnType<typeof getThresholds>>();
  const prepared = await Promise.all(
    observed.map(async ({ entry, o, status, byHand }) => {
      const thresholds = thresholdsOn.get(o.specimenDate) ?? getThresholds(o.specimenDate, db);
      thresholdsOn.set(o.specimenDate, thresholds);
      const tests = await db.labTest.findMany({ where: { code: o.code } });
      const unit = attachedUnit(o, catalogueTestOf(o, tests), input.units?.[entry.id]);
      if (!unit.ok) throw invalidField(`unit:${entry.id}`, about(o, unit.message));
      const base: LabEntry = {
        patientId: patient.id,
        specimenDate: o.specimenDate,
        pregnancyTestSetting: "LAB",
        submissionId: randomUUID(),
        enteredById: actor.id,
        hl7MessageId: entry.messageId,
      };
      const outcome = observationRow(unit.o, tests, await thresholds, base, true);
      // A number impossible in the unit chosen: the unit is wrong, not the result, which is not to be dismissed for it.
      if (!outcome.ok && unit.byHand && outcome.reason === "IMPLAUSIBLE" && parseLabValue("QUANTITATIVE", o.value).ok)
        throw invalidField(`unit:${entry.id}`, about(o, unitRefusedText(unit.o, outcome.detail)));
      if (!outcome.ok) throw refused(about(o, `${outcome.detail} It cannot be attached; dismiss it with a reason.`));
      // Unusual in a unit the laboratory sent: its own value, accepted as sent; in one chosen by hand, confirmed first,
      // as is the laboratory's range not used.
      const { rangeNotUsed } = outcome;
      const warning = attachWarning(unit.o, outcome.row.labTestId, unit.byHand, outcome.unusual, rangeNotUsed);
      const confirmed = [...(unit.byHand && outcome.unusual !== null ? ["UNUSUAL"] : []), ...(rangeNotUsed ? ["LAB_RANGE_NOT_USED"] : [])];
      // A collection date or unit entered by hand is said so, and what was confirmed (the value itself is on the
      // result, never in the trail).
      const noted = {
        ...(byHand ? { collectionDateEnteredByHand: true } : {}),
        ...(unit.byHand ? { unitChosenByHand: true } : {}),
        ...(rangeNotUsed ? { labRangeNotUsed: rangeNotUsed.reason } : {}),
        ...(confirmed.length ? { confirmed } : {}),
      };
      return { entry, o, status, noted, warning, byHandUnit: unit.byHand, row: outcome.row };
    }),
  );
  // Asked once every other check has passed, all at once; the same finding of two results (one test, value and unit) once.
  const asked = new Map(prepared.flatMap(({ warning }) => (warning ? [[`${warning.code}|${warning.message}`, warning] as const] : [])));
  const { pending } = confirmationsDue([...asked.values()], input.ack ?? []);
  const inUnitsChosen = prepared.every((r) => !r.warning || r.byHandUnit);
  if (pending.length) throw needsConfirmation(attachQuestion(several, inUnitsChosen), pending);
  const repeats = await db.$transaction(async (tx) => {
    const repeats: RepeatsAfterCorrection = { stillListed: [], noLongerListed: [] };
    // The MRNs the results were sent for, first: a registration or MRN edit that would make one of them hold a
    // patient (holdWaitingPregnancyTests, under the same lock) waits, or has committed, before anything is written.
    await lockMrns(
      tx,
      prepared.map(({ entry }) => entry.mrn),
    );
    // The patient's row before anything else (the order of lib/data/locks.ts): a correction voids a result
    // of the chart, which a void by hand does holding this lock and then the derived-data lock. Any other
    // patient a waiting pregnancy test holds is locked with her, before any write, as her items are recomputed last.
    const held = prepared.flatMap(({ entry }) => (entry.pregnancyTest && entry.holdsPatientId ? [entry.holdsPatientId] : []));
    await lockPatients(tx, [patient.id, ...held]);
    // One after the other: a later result of the group sees the earlier ones on file (duplicates, corrections).
    for (const { entry, o, status, noted, row: entered } of prepared) {
      const id = randomUUID();
      let replaces: CorrectedOriginal | null = null;
      if (status === "CORRECTED") {
        const target = await findCorrectedResult(tx, { ...entered, patientId: patient.id }, can(actor.role, "pregnancy.decide"));
        const why = target.kind === "one" ? "" : `${target.detail[0]!.toUpperCase()}${target.detail.slice(1)}`;
        // None: the correction is a result of its own.
        if (target.kind === "one") replaces = target.old;
        else if (target.kind === "dermatologist") throw new AppError("FORBIDDEN", about(o, PREGNANCY_TEST_ROLE));
        else if (target.kind === "several") throw refused(about(o, `${why} Void the wrong ones there first, then attach this correction.`));
        else if (target.kind === "decided") throw refused(about(o, why));
      }
      // The same result already on file (recorded by hand, say) is kept and counted once, as on import.
      const duplicates = await findDuplicates(tx, patient.id, replaces ? [] : [entered], new Map());
      const row = { ...entered, id, duplicateOfId: duplicates.copyOf(entered) };
      // Another value of a test and date the same message recorded one of (waiting as such, or for its unit or
      // as unusual): the chart keeps one current result of them. A copy of that value, or a correction, is no other.
      // One waiting as another value asks for no current result of its test and date at all: the message's value
      // may since have been replaced by a correction (by hand, or the laboratory's in a later message).
      if (!replaces && !row.duplicateOfId) {
        const current = { patientId: patient.id, code: o.code, specimenDate: row.specimenDate, voidedAt: null };
        const where = entry.reason === "OTHER_RESULT_IN_MESSAGE" ? current : { ...current, hl7MessageId: entry.messageId };
        if ((await tx.labResult.count({ where })) > 0) throw refused(about(o, otherResultCurrent(o)));
      }
      await saveLabRows(tx, actor, patient.id, [row], { action: "lab.import", entityId: entry.messageId, changes: { fromQueue: entry.id, ...noted } });
      const moved = replaces ? await replaceLabResult(tx, actor, replaces, row, correctionReason(entry.message.controlId)) : null;
      repeats.stillListed.push(...(moved?.stillListed ?? []));
      repeats.noLongerListed.push(...(moved?.noLongerListed ?? []));
      // Only while it holds whom it held when read (hl7-queue-hold-moved.ts).
      const resolved = await tx.hl7QueueEntry.updateMany({
        where: { id: entry.id, status: "PENDING", holdsPatientId: entry.holdsPatientId },
        data: { status: "ATTACHED", resolvedById: actor.id, resolvedAt: new Date(), labResultId: id },
      });
      // Attached by someone else meanwhile: this transaction rolls back, the results with it.
      if (resolved.count !== 1) {
        if ((await tx.hl7QueueEntry.findUnique({ where: { id: entry.id }, select: { status: true } }))?.status === "PENDING") throw new HoldMoved();
        throw resolvedMeanwhile();
      }
      await writeAudit(tx, actor, {
        action: "lab.queue_attach",
        entityType: "Hl7QueueEntry",
        entityId: entry.id,
        patientId: patient.id,
        // Whether the message named this patient's MRN, never the MRN it gave (content of the message, and perhaps another patient's).
        changes: {
          reason: entry.reason,
          messageMrnMatched: entry.mrn.toLowerCase() === patient.mrn.toLowerCase(),
          labResultId: id,
          ...noted,
          ...(replaces ? { replaces: replaces.id } : {}),
          ...(several ? { attachedTogether: ids } : {}),
        },
      });
    }
    // Saving each row recomputed the patient's items while its entry still waited, holding prescribing: again now
    // that none waits, for the patient and any other one a waiting pregnancy test held (a renewal listed again).
    await refreshMonitoringFor(tx, [...new Set([patient.id, ...held])]);
    return repeats;
  });
  return { attached: prepared.length, repeats, pregnancyNotNegative: prepared.some(({ row }) => pregnancyTestNotNegative(row)) };
}
