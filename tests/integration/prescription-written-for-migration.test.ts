import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { changeDoseAction, transitionCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { courseVersion, startCourseFor } from "./course-fixture";
import { sendConfirmed } from "./confirmations";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * Migration 20270128000000_prescription_written_for_backfill: the prescriptions written before they recorded the
 * version they were written for get it from the rows as they stood when each was written. Its SQL is run again here,
 * as the migrations' owner, over prescriptions written through the app (which record it) with what they recorded
 * taken away: it must give back what the app recorded. Today is Mon 23 Nov 2026.
 */
const MIGRATION = readFileSync("prisma/migrations/20270128000000_prescription_written_for_backfill/migration.sql", "utf8");
const RX = { product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", refills: "0", intakesPerDay: "1", pattern: "DAILY", counseled: "on" };
const ASKED = ["PRESCRIPTION_CHANGES_REGIMEN", "EARLIER_SUPPLY_OUTLASTS_START", "PRESCRIPTION_WRITTEN_FOR_OTHER_DOSE"];
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

let owner: pg.Client;
beforeAll(async () => {
  owner = new pg.Client({ connectionString: inject("ownerUrl") });
  await owner.connect();
});
afterAll(() => owner.end());

const recorded = async (courseId: string) =>
  Object.fromEntries(
    (await testDb().prescription.findMany({ where: { courseId }, orderBy: { createdAt: "asc" } })).map((p) => [
      p.id,
      { writtenForId: p.writtenForId, setsRegimen: p.setsRegimen, patternAnchor: p.patternAnchor?.toISOString().slice(0, 10) ?? null },
    ]),
  );

async function send(action: (ack: string[]) => Promise<ActionState>) {
  expect(await sendConfirmed(action, ASKED)).toMatchObject({ status: "ok" });
}

/**
 * 40 mg daily from 24 Oct (its first prescription sets it); paused 1 to 4 Nov; 60 mg from 10 Nov entered and voided;
 * a prescription on 20 Nov at 40 mg (written for the starting version, counted from the resume on 4 Nov), then 30 mg
 * from 20 Nov, based on it; a prescription today at 60 mg, which sets its own version.
 */
async function courseWritten() {
  actAs(await makeUser("DERMATOLOGIST"));
  const patient = await makePatient();
  await startCourseFor(patient.id, { startDate: "2026-10-24", startWeightKg: "60", mgPerIntake: "40" });
  const course = await testDb().course.findFirstOrThrow({ where: { patientId: patient.id } });
  const fields = async (over: Record<string, string>) => ({ courseId: course.id, version: await courseVersion(course.id), ...over });
  for (const [transition, date] of [
    ["PAUSE", "2026-11-01"],
    ["RESUME", "2026-11-04"],
  ] as const)
    await send(async () => transitionCourseAction(IDLE, form(await fields({ transition, date, reason: "Dry lips" }))));
  const dose = async (effectiveFrom: string, mg: number) =>
    send(async (ack) =>
      changeDoseAction(
        IDLE,
        form({ ...(await fields({ effectiveFrom, reason: "Dose", intakesPerDay: "1", pattern: "DAILY" })), mgPerIntake: String(mg), ack }),
      ),
    );
  const prescribe = async (writtenOn: string, mg: number) =>
    send(async (ack) => writePrescriptionAction(IDLE, form({ ...(await fields({ writtenOn, ...RX, reason: "Visit" })), mgPerIntake: String(mg), ack })));
  await dose("2026-11-10", 60);
  const raised = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id, mgPerIntake: 60 } });
  await send((ack) => voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: raised.id, reason: "Never raised", ack })));
  // The void's time (the database's now()) put on the tests' clock, which rows' created_at follow: in a clinic the
  // two are one clock, and the void comes before the prescription below.
  await owner.query(`UPDATE dose_changes SET voided_at = $1 WHERE id = $2::uuid`, [new Date(), raised.id]);
  await prescribe("2026-11-20", 40);
  await dose("2026-11-20", 30);
  await prescribe(TODAY, 60);
  return { patient, course };
}

describe("the backfill of what a prescription was written for", () => {
  it("gives back what each prescription recorded when written, and changes nothing when run again", async () => {
    const { course } = await courseWritten();
    const versions = await testDb().doseChange.findMany({ where: { courseId: course.id } });
    const v = (from: string, mg: number) => versions.find((d) => d.effectiveFrom.getTime() === day(from).getTime() && d.mgPerIntake === mg)!.id;
    const rx = await testDb().prescription.findMany({ where: { courseId: course.id }, orderBy: { writtenOn: "asc" } });
    const atWrite = await recorded(course.id);
    // What the app recorded, by hand.
    expect(atWrite).toEqual({
      [rx[0]!.id]: { writtenForId: v("2026-10-24", 40), setsRegimen: true, patternAnchor: "2026-10-24" },
      [rx[1]!.id]: { writtenForId: v("2026-10-24", 40), setsRegimen: false, patternAnchor: "2026-11-04" },
      [rx[2]!.id]: { writtenForId: v(TODAY, 60), setsRegimen: true, patternAnchor: TODAY },
    });
    await owner.query(`UPDATE prescriptions SET written_for_id = NULL, sets_regimen = false, pattern_anchor = NULL WHERE course_id = $1::uuid`, [course.id]);
    await owner.query(MIGRATION);
    expect(await recorded(course.id)).toEqual(atWrite);
    await owner.query(MIGRATION);
    expect(await recorded(course.id)).toEqual(atWrite);
  });

  it("a prescription older than every version of its course is left unknown; its quantity reads the regimen in force on its start date", async () => {
    const { patient, course } = await courseWritten();
    const first = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: day("2026-10-24") } });
    // As a row written before its course's versions were (an import of long ago): 1 Nov, 30 days.
    const old = await testDb().prescription.create({
      data: {
        courseId: course.id,
        prescriberId: first.prescriberId,
        product: "CLARAVIS",
        capsuleStrengthMg: 20,
        writtenOn: day("2026-11-01"),
        startDate: day("2026-11-01"),
        daysSupply: 30,
        acknowledgedWarnings: [],
        createdAt: new Date("2026-10-01T12:00:00Z"),
      },
    });
    await owner.query(MIGRATION);
    expect(await testDb().prescription.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
      writtenForId: null,
      setsRegimen: false,
      patternAnchor: null,
    });
    const line = (await getPatientTreatment(CLINICIAN, patient.id, TODAY)).courses[0]!.timeline.find((e) => e.id === old.id);
    // 40 mg daily on 1 Nov: 2 capsules a day for 30 days.
    expect(line).toMatchObject({ kind: "prescription", dispense: "60 × 20 mg capsules (30 days)" });
  });
});
