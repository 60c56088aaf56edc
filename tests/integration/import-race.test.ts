import { describe, expect, it } from "vitest";
import { AUDIT_CHAIN_LOCK } from "@/lib/data/audit-chain";
import { correctPaperCourse } from "@/lib/data/correct-paper-course";
import { commitImport } from "@/lib/data/import-batches";
import type { Tx } from "@/lib/db";
import { addDays } from "@/lib/domain/dates";
import { actAs, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { staged } from "./import-helpers";
import { meetAtLocks, settled } from "./lock-helpers";

/**
 * An import decides what each row is (new, already recorded, refused) under the locks of the patients its
 * file names, inside its transaction: a write committed while it waits for them (the same file imported at
 * the same moment, a paper course corrected by hand) is seen by its plan. Each case meets at the locks
 * (meetAtLocks), so the second write is already waiting when the first commits.
 */

const COURSES =
  "mrn,date_of_birth,course_start,course_end,indication,regimen,outcome,weight_kg,target_mg_per_kg,total_mg,period_start,dose_mg,how_often,every_n";
const LABS = "mrn,date_of_birth,specimen_date,test_code,value,unit,reference_low,reference_high,lab_flag,pregnancy_test_setting";
const PATIENTS = "mrn,first_name,last_name,date_of_birth,sex_at_birth,pregnancy_category,indication,phone,email";

async function as(role: "DERMATOLOGIST" | "NURSE") {
  const user = await makeUser(role);
  actAs(user);
  return { id: user.id, role };
}

describe("two imports of the same file at the same moment", () => {
  it("writes a past course once: the second import finds it already recorded", async () => {
    const derm = await as("DERMATOLOGIST");
    const p = await makePatient();
    // makePatient's people are born on 2000-01-01.
    const text = `${COURSES}\n${p.mrn},2000-01-01,2024-03-01,2024-03-31,ACNE_NODULAR,STANDARD,COMPLETED,60,,3000,,,,\n`;
    const [first, second] = [await staged("courses", text), await staged("courses", text)];
    const results = await meetAtLocks([p.id], [settled(() => commitImport(derm, first)), settled(() => commitImport(derm, second))]);
    expect(results).toEqual([{ value: { imported: 1, skipped: 0 } }, { value: { imported: 0, skipped: 1 } }]);
    expect(await testDb().course.count({ where: { patientId: p.id } })).toBe(1);
  });

  it("writes a lab result once: the second import finds it already recorded", async () => {
    const nurse = await as("NURSE");
    const p = await makePatient();
    const text = `${LABS}\n${p.mrn},2000-01-01,${addDays(TODAY, -10)},2571-8,180,mg/dL,,,,\n`;
    const [first, second] = [await staged("labs", text), await staged("labs", text)];
    const results = await meetAtLocks([p.id], [() => commitImport(nurse, first), () => commitImport(nurse, second)]);
    expect(results).toEqual([
      { imported: 1, skipped: 0 },
      { imported: 0, skipped: 1 },
    ]);
    expect(await testDb().labResult.count({ where: { patientId: p.id } })).toBe(1);
  });

  it("registers a patient once: the second import finds them already registered", async () => {
    const nurse = await as("NURSE");
    const mrn = `RACE-${Date.now().toString(36).toUpperCase()}`;
    const text = `${PATIENTS}\n${mrn},Ada,Moss,1990-05-05,FEMALE,CAN_BECOME_PREGNANT,ACNE_NODULAR,,\n`;
    const [first, second] = [await staged("patients", text), await staged("patients", text)];
    // The test holds the audit chain: the first import waits there with its patient written, the second behind it.
    const chain = (tx: Tx) => tx.$queryRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})::text AS locked`;
    const results = await meetAtLocks(chain, [settled(() => commitImport(nurse, first)), settled(() => commitImport(nurse, second))]);
    expect(results).toEqual([{ value: { imported: 1, skipped: 0 } }, { value: { imported: 0, skipped: 1 } }]);
    expect(await testDb().patient.count({ where: { mrn } })).toBe(1);
  });
});

describe("an import beside a correction by hand", () => {
  it("refuses, naming the row, a course that a paper course corrected meanwhile now overlaps", async () => {
    const derm = await as("DERMATOLOGIST");
    const p = await makePatient();
    const row = (start: string, end: string) => `${p.mrn},2000-01-01,${start},${end},ACNE_NODULAR,STANDARD,COMPLETED,60,,3000,,,,`;
    expect(await commitImport(derm, await staged("courses", `${COURSES}\n${row("2024-01-01", "2024-01-31")}\n`))).toEqual({ imported: 1, skipped: 0 });
    const january = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
    const file = await staged("courses", `${COURSES}\n${row("2024-03-01", "2024-03-31")}\n`);
    // The January course really ran to 15 March: corrected while the import of a March course waits.
    const correction = () =>
      correctPaperCourse(
        derm,
        {
          courseId: january.id,
          version: january.version,
          startDate: "2024-01-01",
          endDate: "2024-03-15",
          weightGrams: 60_000,
          totalMg: 3000,
          reason: "Misread the chart",
        },
        TODAY,
      );
    const results = await meetAtLocks<unknown>([p.id], [settled(correction), settled(() => commitImport(derm, file))]);
    expect(results).toEqual([
      { value: undefined },
      {
        refused:
          "Row 2 (course_start) cannot be imported as the records are now (the preview says why): nothing was imported. Correct the file and upload it again.",
      },
    ]);
    const courses = await testDb().course.findMany({ where: { patientId: p.id }, select: { startDate: true, endDate: true } });
    expect(courses.map((c) => [c.startDate.toISOString().slice(0, 10), c.endDate?.toISOString().slice(0, 10)])).toEqual([["2024-01-01", "2024-03-15"]]);
  });
});
