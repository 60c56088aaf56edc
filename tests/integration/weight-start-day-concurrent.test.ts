import { describe, expect, it } from "vitest";
import { correctWeight } from "@/lib/data/correct-weight";
import { recordWeight } from "@/lib/data/record-weight";
import { startCourseFor } from "./course-fixture";
import { actAs, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { meetAtLocks, settled } from "./lock-helpers";

/**
 * A course takes its start weight from the start day's measurement, and mg/kg divides by it; correcting
 * that measurement corrects the course's start weight with it (lib/data/correct-weight.ts), and the only
 * live entry of it is corrected, never voided. That must hold when the nurse's correction and the
 * dermatologist's course start arrive at the same moment.
 */
const db = () => testDb();

describe("the start-day weight corrected while the course starts", () => {
  it("a course started at the moment its start-day weight is corrected divides by the corrected weight, or the correction is refused", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const p = await makePatient();
    // 90 kg typed today for a patient of 60 kg; the start form shows it.
    await recordWeight(nurse, { patientId: p.id, measuredOn: TODAY, weightGrams: 90_000 });
    const typed = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id } });

    actAs(derm);
    // The start holds the patient's row and waits at the derived-data lock with its course written; the
    // correction, which found no course on that day, writes and waits there too.
    const outcomes = await meetAtLocks<unknown>(
      [p.id],
      [
        settled(() => startCourseFor(p.id, { startDate: TODAY, startWeightKg: "90", mgPerIntake: "40" })),
        settled(() => correctWeight(nurse, { weightId: typed.id, weightGrams: 60_000, reason: "Wrong patient's weight" }, TODAY)),
      ],
    );
    expect(outcomes[0]).toEqual({ value: undefined });

    const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
    const live = await db().weightMeasurement.findMany({ where: { patientId: p.id, voidedAt: null }, select: { weightGrams: true } });
    if ("refused" in (outcomes[1] as object)) {
      expect(live.map((w) => w.weightGrams)).toEqual([90_000]);
    } else {
      // The correction stands: the course divides by the corrected weight, the one on the chart.
      expect(live.map((w) => w.weightGrams)).toEqual([60_000]);
      expect(course.startWeightGrams).toBe(60_000);
    }
  });
});
