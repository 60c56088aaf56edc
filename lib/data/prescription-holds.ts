import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isoFromDb } from "@/lib/clinic";
import { addDays, type IsoDate } from "@/lib/domain/dates";
import { inProgressOn } from "@/lib/domain/dosing/course-status";
import {
  dispenseHolds,
  doNotDispenseText,
  preventionRecordVoided,
  prescribingStop,
  writtenWhileCannotBecomePregnant,
  type DispenseHold,
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
          pregnancyTest: { select: { voidedAt: true } },
        },
      },
    },
  },
  ...voidedRecordsSelect(),
} satisfies Prisma.PatientSelect;

type Row = Prisma.PatientGetPayload<{ select: typeof prescriptionsForHoldsSelect }>;

/**
 * What the banner and each prescription's line say about dispensing on `asOf`:
 * - `latest`: the latest live prescription (one day's: the last entered), as pregnancyStatus reads it;
 * - `holds`: each live prescription a hold reaches (not voided, its course in progress, its supply not ended), with
 *   its holds: the FHIR export puts it on hold with them (lib/fhir/record.ts), and the course card and the printed
 *   summary print "Do not dispense: …" under it instead of what one fill dispenses (`held`, the same as text).
 */
export function dispensingOf(row: Row, history: PregnancyHistory, rulesOn: RulesOn, asOf: IsoDate) {
  const live = row.courses.flatMap((c) =>
    c.prescriptions.map((p) => {
      const supplyEnds = addDays(isoFromDb(p.startDate), p.daysSupply * (p.refills + 1) - 1);
      // In progress on the day, as the FHIR export reads it: active or paused, or ended on a day still ahead.
      const inProgress = inProgressOn({ status: c.status, endDate: c.endDate ? isoFromDb(c.endDate) : null, pauses: [] }, asOf);
      return { ...p, supplyEnds: inProgress ? supplyEnds : null };
    }),
  );
  const stop = prescribingStop(history, asOf, rulesOn);
  const holds: Record<string, DispenseHold[]> = {};
  for (const p of live) {
    if (p.supplyEnds === null || p.supplyEnds < asOf) continue;
    const reasons = dispenseHolds(stop, {
      pregnancyTestVoided: p.pregnancyTest?.voidedAt != null,
      preventionRecordVoided: preventionRecordVoided(history, p.id, voidedSince(row, p.createdAt), rulesOn),
      writtenWhileCannotBecomePregnant: writtenWhileCannotBecomePregnant(history, p.id, asOf),
    });
    if (reasons.length) holds[p.id] = reasons;
  }
  const rx = [...live].sort((a, b) => b.writtenOn.getTime() - a.writtenOn.getTime() || b.createdAt.getTime() - a.createdAt.getTime())[0];
  const latest: LatestDispensable | null = rx
    ? {
        prescriptionId: rx.id,
        date: rx.dispenseBy ? isoFromDb(rx.dispenseBy) : null,
        supplyEnds: rx.supplyEnds,
        pregnancyTestVoided: rx.pregnancyTest?.voidedAt != null,
        voidedSince: voidedSince(row, rx.createdAt),
      }
    : null;
  const held = Object.fromEntries(Object.entries(holds).map(([id, reasons]) => [id, doNotDispenseText(reasons)]));
  return { latest, holds, held };
}
