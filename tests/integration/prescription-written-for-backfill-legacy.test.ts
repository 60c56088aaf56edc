import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { courseVersion, startCourseFor } from "./course-fixture";
import { sendConfirmed } from "./confirmations";
import { asMigrationsOwner, WRITTEN_FOR_BACKFILL } from "./written-for-backfill";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * Migration 20270128000000_prescription_written_for_backfill, over a prescription written before a change of regimen
 * by prescription was confirmed (before PRESCRIPTION_CHANGES_REGIMEN existed): the app then started the new version
 * in the prescription's own transaction, linked to it, dated its start date, with the reason "New prescription" and
 * no confirmation code, and audited the prescription with `regimenChanged: true`. Such a prescription set that
 * version and was written for it; it dispensed, and its card read, the new dose. Today is Mon 23 Nov 2026.
 */
const owner = asMigrationsOwner();

describe("the backfill of what a prescription was written for, for a change of regimen written before it was confirmed", () => {
  it("takes the version the prescription started for the one it set and was written for", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const patient = await makePatient();
    // 40 mg daily from 24 Oct; a prescription on 20 Nov at 60 mg daily starts 60 mg from that day.
    await startCourseFor(patient.id, { startDate: "2026-10-24", startWeightKg: "60", mgPerIntake: "40" });
    const course = await testDb().course.findFirstOrThrow({ where: { patientId: patient.id } });
    const rxFields = { product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", refills: "0", intakesPerDay: "1", pattern: "DAILY", counseled: "on" };
    const send = async (ack: string[]) =>
      writePrescriptionAction(
        IDLE,
        form({ courseId: course.id, version: await courseVersion(course.id), writtenOn: "2026-11-20", ...rxFields, mgPerIntake: "60", reason: "Visit", ack }),
      );
    expect(await sendConfirmed(send, ["PRESCRIPTION_CHANGES_REGIMEN", "EARLIER_SUPPLY_OUTLASTS_START"])).toMatchObject({ status: "ok" });
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: new Date("2026-11-20T00:00:00Z") } });
    const set = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id, mgPerIntake: 60 } });
    expect(rx).toMatchObject({ writtenForId: set.id, setsRegimen: true });
    const line = async () => (await getPatientTreatment(CLINICIAN, patient.id, TODAY)).courses[0]!.timeline.find((e) => e.id === rx.id)!;
    const atWrite = await line();
    expect(atWrite).toMatchObject({ dispense: "90 × 20 mg capsules (30 days)" });
    expect(atWrite.text).not.toContain("written for");

    // The rows as the app wrote them before the change of regimen was confirmed, with nothing recorded of what it was written for.
    await owner.query(`UPDATE dose_changes SET acknowledged_warnings = '{}', reason = 'New prescription' WHERE id = $1::uuid`, [set.id]);
    await owner.query(`UPDATE prescriptions SET written_for_id = NULL, sets_regimen = false, pattern_anchor = NULL WHERE id = $1::uuid`, [rx.id]);
    await owner.query(WRITTEN_FOR_BACKFILL);

    expect.soft(await testDb().prescription.findUniqueOrThrow({ where: { id: rx.id } })).toMatchObject({ writtenForId: set.id, setsRegimen: true });
    // Its card keeps what it dispensed: 60 mg daily, not the 40 mg in force before it.
    expect(await line()).toEqual(atWrite);
  });
});
