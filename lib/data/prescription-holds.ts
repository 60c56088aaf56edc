import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { clinicToday, isoFromDb } from "@/lib/clinic";
import type { IsoDate } from "@/lib/domain/dates";
import { prescriptionSupplyEnds } from "@/lib/domain/dosing/supply";
import { inProgressOn } from "@/lib/domain/dosing/course-status";
import {
  dispensedWhileText,
  dispenseNote,
  latestStillDispensable,
  prescribingStop,
  prescriptionHolds,
  type DispenseHold,
  type DispenseNote,
  type LatestDispensable,
  type PregnancyHistory,
  type RulesOn,
  type VoidedPreventionRecords,
} from "@/lib/domain/pregnancy";
import { DISPENSED_AFTER_COURSE_END, DISPENSED_AFTER_LAST_DAY, DISPENSED_WHILE_HELD } from "@/lib/validation/dispensing";
import { voidedRecordsSelect, voidedSince } from "./prevention-record-hold";
import { confirmedWithCurrent, dispensingConfirmationsSelect } from "./record-dispensing-rows";

/**
 * Every live prescription of the patient with what its dispensing turns on (what its current dispensed date was
 * confirmed as included), and the contraception and counseling voided (the holds read them): one statement beside the
 * patient's other reads (relation joins).
 */
export const prescriptionsForHoldsSelect = {
  courses: {
    select: {
      status: true,
      endDate: true,
      prescriptions: {
        where: { voidedAt: null },
        select: {
          id: true,
          dispenseBy: true,
          writtenOn: true,
          createdAt: true,
          startDate: true,
          daysSupply: true,
          refills: true,
          dispensedOn: true,
          dispensings: dispensingConfirmationsSelect,
          pregnancyTest: { select: { voidedAt: true } },
        },
      },
    },
  },
  ...voidedRecordsSelect(),
} satisfies Prisma.PatientSelect;

type Row = Prisma.PatientGetPayload<{ select: typeof prescriptionsForHoldsSelect }>;

/**
 * Voided by the end of `day` (the clinic's): a void made on a later day was not on the record then. Read on `today`
 * (or after), every void recorded counts, whatever clock stamped it (the database's now()).
 */
const voidedBy = (day: IsoDate, today: IsoDate) => (r: { voidedAt: Date | null }) => r.voidedAt !== null && (day >= today || clinicToday(r.voidedAt) <= day);

/**
 * The holds as the course card read them on `asOf`, read on `today`, each live prescription's computed once
 * (prescriptionHolds, with the day's stop read once): a void counts from the day it was made, never before it
 * (voidedBy). The test a prescription relied on holds it once voided by that day; contraception and counseling voided
 * by that day are those it may have lost, and those voided later were still on the record then, so they count as live
 * (a later void holds nothing on it).
 */
function holdsReader(row: Row, history: PregnancyHistory, rulesOn: RulesOn, asOf: IsoDate, today: IsoDate) {
  const live = row.courses.flatMap((c) =>
    c.prescriptions.map((p) => {
      const supplyEnds = prescriptionSupplyEnds({ startDate: isoFromDb(p.startDate), daysSupply: p.daysSupply, refills: p.refills });
      // In progress on the day, as the FHIR export reads it: active or paused, or ended on a day still ahead.
      const inProgress = inProgressOn({ status: c.status, endDate: c.endDate ? isoFromDb(c.endDate) : null, pauses: [] }, asOf);
      const dispensedOn = p.dispensedOn && isoFromDb(p.dispensedOn) <= asOf ? isoFromDb(p.dispensedOn) : null;
      const date = p.dispenseBy ? isoFromDb(p.dispenseBy) : null;
      return { ...p, date, supplyEnds: inProgress ? supplyEnds : null, dispensedOn, confirmed: dispensedOn ? confirmedWithCurrent(p) : [] };
    }),
  );
  const by = voidedBy(asOf, today);
  const voided = { contraception: row.contraception.filter(by), counseling: row.counseling.filter(by) };
  // Voided after the day: live on it (every void is after the epoch, so voidedSince maps them all).
  const later: VoidedPreventionRecords = voidedSince(
    { contraception: row.contraception.filter((r) => !by(r)), counseling: row.counseling.filter((r) => !by(r)) },
    new Date(0),
  );
  const h = { ...history, contraception: [...history.contraception, ...later.contraception], counseling: [...history.counseling, ...later.counseling] };
  const stop = prescribingStop(history, asOf, rulesOn);
  const computed = new Map<string, DispenseHold[]>();
  const holdsOf = (p: (typeof live)[number]) => {
    const stored = { prescriptionId: p.id, pregnancyTestVoided: p.pregnancyTest ? by(p.pregnancyTest) : false, voidedSince: voidedSince(voided, p.createdAt) };
    if (!computed.has(p.id)) computed.set(p.id, prescriptionHolds(h, stored, asOf, rulesOn, stop));
    return computed.get(p.id)!;
  };
  const holds: Record<string, DispenseHold[]> = {};
  for (const p of live) {
    const reasons = p.supplyEnds !== null && p.supplyEnds >= asOf ? holdsOf(p) : [];
    if (reasons.length) holds[p.id] = reasons;
  }
  return { live, holds, holdsOf };
}

/**
 * Each live prescription a hold reached on `day` (not voided, its course in progress, its supply not ended), read on
 * `today`, with its holds: what a dispensed date recorded for that day asks to be confirmed
 * (lib/data/record-dispensing-checks.ts), and what the line under it names once confirmed (dispensingOf).
 */
export const holdsOn = (row: Row, history: PregnancyHistory, rulesOn: RulesOn, day: IsoDate, today: IsoDate) =>
  holdsReader(row, history, rulesOn, day, today).holds;

/**
 * What the current dispensed date of a prescription dispensed by `asOf` was confirmed as when recorded, in words
 * (dispensedWhileText): after its last day to be dispensed, after its course's last day, or while held, with the
 * holds as read on that day (holdsOn). Null: nothing was confirmed.
 */
function confirmedText(p: ReturnType<typeof holdsReader>["live"][number], holdsThatDay: (day: IsoDate) => Record<string, DispenseHold[]>) {
  const codes = p.confirmed;
  if (!p.dispensedOn || codes.length === 0) return null;
  return dispensedWhileText({
    afterLastDay: codes.includes(DISPENSED_AFTER_LAST_DAY) ? p.date : null,
    afterCourseEnd: codes.includes(DISPENSED_AFTER_COURSE_END),
    heldThatDay: codes.includes(DISPENSED_WHILE_HELD) ? (holdsThatDay(p.dispensedOn)[p.id] ?? []) : null,
  });
}

/**
 * What the banner and each prescription's line say about dispensing on `asOf` (holdsReader):
 * - `latest`: the latest live prescription (one day's: the last entered), with its holds while still dispensable,
 *   as pregnancyStatus reads it;
 * - `holds`: each live prescription a hold reaches (not voided, its course in progress, its supply not ended), with
 *   its holds: the FHIR export puts it on hold with them, a dispensed one only while it has refills, as `held` says
 *   (lib/fhir/prescription-dispensing.ts; its read, lib/fhir/medication-request-record.ts, selects this with the treatment);
 * - `held`: what the course card and the printed summary print under each live prescription a hold reaches or a
 *   pharmacy dispensed (dispenseNote): "Do not dispense: …" instead of what one fill dispenses, or the day it was
 *   dispensed ("Do not dispense a refill: …" while its refills are held), with what that day was confirmed as when
 *   it was recorded ("while held: …", `confirmed`), whatever holds it now.
 */
export function dispensingOf(row: Row, history: PregnancyHistory, rulesOn: RulesOn, asOf: IsoDate) {
  const { live, holds, holdsOf } = holdsReader(row, history, rulesOn, asOf, asOf);
  const held: Record<string, DispenseNote> = {};
  // The holds of a past day are read once for every prescription dispensed that day.
  const onDay = new Map<IsoDate, Record<string, DispenseHold[]>>();
  const holdsThatDay = (day: IsoDate) => onDay.get(day) ?? onDay.set(day, holdsOn(row, history, rulesOn, day, asOf)).get(day)!;
  for (const p of live) {
    const note = dispenseNote(p, holds[p.id] ?? []);
    const confirmed = confirmedText(p, holdsThatDay);
    if (note.hold || note.dispensedOn) held[p.id] = confirmed ? { ...note, confirmed } : note;
  }
  const rx = [...live].sort((a, b) => b.writtenOn.getTime() - a.writtenOn.getTime() || b.createdAt.getTime() - a.createdAt.getTime())[0];
  const latest: LatestDispensable | null = rx
    ? {
        prescriptionId: rx.id,
        date: rx.date,
        supplyEnds: rx.supplyEnds,
        dispensedOn: rx.dispensedOn,
        refills: rx.refills,
        holds: latestStillDispensable(rx, asOf) ? holdsOf(rx) : [],
      }
    : null;
  return { latest, holds, held };
}
