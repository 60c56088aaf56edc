import { describe, expect, it } from "vitest";
import { transitionCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { courseVersion, startedAlternateDayCourse } from "./course-fixture";
import { sendConfirmed } from "./confirmations";
import { asMigrationsOwner, WRITTEN_FOR_BACKFILL } from "./written-for-backfill";
import { CLINICIAN, form, testDb, TODAY } from "./helpers";

/**
 * Migration 20270128000000_prescription_written_for_backfill works out what a prescription was written for "from the
 * rows as they stood when each was written" (docs/DOMAIN.md "Prescriptions"), the day its pattern counts from
 * included: the latest resume after a pause since the version's day. A pause voided after the prescription was
 * written stood when it was written: the prescription was written (and its quantity printed) counted from that
 * resume, as the app records it. Run here as the migrations' owner over a prescription written through the app with
 * what it recorded taken away, it must give back what the app recorded. Today is Mon 23 Nov 2026.
 */
const owner = asMigrationsOwner();

const recorded = async (id: string) => {
  const p = await testDb().prescription.findUniqueOrThrow({ where: { id } });
  return { writtenForId: p.writtenForId, setsRegimen: p.setsRegimen, patternAnchor: p.patternAnchor?.toISOString().slice(0, 10) ?? null };
};

describe("the backfill of what a prescription was written for, after a pause voided since", () => {
  it("counts its pattern from the resume that stood when it was written, as the app recorded it", async () => {
    // 20 mg every other day from 24 Oct; paused 1 to 4 Nov.
    const { patient, course } = await startedAlternateDayCourse();
    for (const [transition, date] of [
      ["PAUSE", "2026-11-01"],
      ["RESUME", "2026-11-04"],
    ] as const) {
      const fields = { courseId: course.id, version: await courseVersion(course.id), transition, date, reason: "Dry lips" };
      expect(await transitionCourseAction(IDLE, form(fields))).toMatchObject({ status: "ok" });
    }
    // Today's prescription, 7 days: counted from the resume on 4 Nov, doses on 24, 26 and 28 Nov.
    const rxFields = { product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "7", refills: "0", intakesPerDay: "1", counseled: "on" };
    const send = async (ack: string[]) =>
      writePrescriptionAction(
        IDLE,
        form({
          courseId: course.id,
          version: await courseVersion(course.id),
          writtenOn: TODAY,
          ...rxFields,
          mgPerIntake: "20",
          pattern: "EVERY_N_DAYS",
          everyNDays: "2",
          ack,
        }),
      );
    expect(await sendConfirmed(send, ["EARLIER_SUPPLY_OUTLASTS_START"])).toMatchObject({ status: "ok" });
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: new Date(`${TODAY}T00:00:00Z`) } });
    const dispense = async () =>
      (await getPatientTreatment(CLINICIAN, patient.id, TODAY)).courses[0]!.timeline.flatMap((e) =>
        e.kind === "prescription" && e.id === rx.id ? [e.dispense] : [],
      )[0];

    // The pause, voided after the prescription was written (its time on the tests' clock, which rows' created_at follow).
    const pause = await testDb().coursePause.findFirstOrThrow({ where: { courseId: course.id } });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PAUSE", entryId: pause.id, reason: "Recorded on the wrong course" }))).toMatchObject({
      status: "ok",
    });
    await owner.query(`UPDATE course_pauses SET voided_at = $1 WHERE id = $2::uuid`, [new Date(), pause.id]);
    const atWrite = await recorded(rx.id);
    expect(atWrite.patternAnchor).toBe("2026-11-04");
    expect(await dispense()).toBe("3 × 20 mg capsules (7 days)");

    await owner.query(`UPDATE prescriptions SET written_for_id = NULL, sets_regimen = false, pattern_anchor = NULL WHERE id = $1::uuid`, [rx.id]);
    await owner.query(WRITTEN_FOR_BACKFILL);
    expect.soft(await recorded(rx.id)).toEqual(atWrite);
    // Counted from 24 Oct instead, the fill would read 4 capsules (23, 25, 27 and 29 Nov) for the 3 written.
    expect(await dispense()).toBe("3 × 20 mg capsules (7 days)");
  });
});
