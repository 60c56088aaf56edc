import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isoFromDb } from "@/lib/clinic";
import type { IsoDate } from "@/lib/domain/dates";
import { prescriptionSupplyEnds } from "@/lib/domain/dosing/supply";
import { inProgressOn } from "@/lib/domain/dosing/course-status";
import {
  dispenseNote,
  latestStillDispensable,
  prescribingStop,
  prescriptionHolds,
  type DispenseHold,
  type DispenseNote,
  type LatestDispensable,
  type PregnancyHistory,
  type RulesOn,
} from "@/lib/domain/pregnancy";
import { voidedRecordsSelect, voidedSince } from "./prevention-record-hold";

/**
 * Every live prescription of the patient with what its dispensing turns on, and the contraception and counseling
 * voided (the holds read them): one statement beside the patient's other reads (relation joins).
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
          pregnancyTest: { select: { voidedAt: true } },
        },
      },
    },
  },
  ...voidedRecordsSelect(),
} satisfies Prisma.PatientSelect;

type Row = Prisma.PatientGetPayload<{ select: typeof prescriptionsForHoldsSelect }>;

/**
 * What the banner and each prescription's line say about dispensing on `asOf`, each live prescription's holds
 * computed once (prescriptionHolds, with the day's stop read once):
 * - `latest`: the latest live prescription (one day's: the last entered), with its holds while still dispensable,
 *   as pregnancyStatus reads it;
 * - `holds`: each live prescription a hold reaches (not voided, its course in progress, its supply not ended), with
 *   its holds: the FHIR export puts it on hold with them, a dispensed one only while it has refills, as `held` says
 *   (lib/fhir/prescription-dispensing.ts; its read, lib/fhir/medication-request-record.ts, selects this with the treatment);
 * - `held`: what the course card and the printed summary print under each live prescription a hold reaches or a
 *   pharmacy dispensed (dispenseNote): "Do not dispense: …" instead of what one fill dispenses, or the day it was
 *   dispensed ("Do not dispense a refill: …" while its refills are held).
 */
export function dispensingOf(row: Row, history: PregnancyHistory, rulesOn: RulesOn, asOf: IsoDate) {
  const live = row.courses.flatMap((c) =>
    c.prescriptions.map((p) => {
      const supplyEnds = prescriptionSupplyEnds({ startDate: isoFromDb(p.startDate), daysSupply: p.daysSupply, refills: p.refills });
      // In progress on the day, as the FHIR export reads it: active or paused, or ended on a day still ahead.
      const inProgress = inProgressOn({ status: c.status, endDate: c.endDate ? isoFromDb(c.endDate) : null, pauses: [] }, asOf);
      const dispensedOn = p.dispensedOn && isoFromDb(p.dispensedOn) <= asOf ? isoFromDb(p.dispensedOn) : null;
      return { ...p, date: p.dispenseBy ? isoFromDb(p.dispenseBy) : null, supplyEnds: inProgress ? supplyEnds : null, dispensedOn };
    }),
  );
  const stop = prescribingStop(history, asOf, rulesOn);
  const computed = new Map<string, DispenseHold[]>();
  const holdsOf = (p: (typeof live)[number]) => {
    const stored = { prescriptionId: p.id, pregnancyTestVoided: p.pregnancyTest?.voidedAt != null, voidedSince: voidedSince(row, p.createdAt) };
    if (!computed.has(p.id)) computed.set(p.id, prescriptionHolds(history, stored, asOf, rulesOn, stop));
    return computed.get(p.id)!;
  };
  const holds: Record<string, DispenseHold[]> = {};
  const held: Record<string, DispenseNote> = {};
  for (const p of live) {
    const reasons = p.supplyEnds !== null && p.supplyEnds >= asOf ? holdsOf(p) : [];
    if (reasons.length) holds[p.id] = reasons;
    const note = dispenseNote(p, reasons);
    if (note.hold || note.dispensedOn) held[p.id] = note;
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
