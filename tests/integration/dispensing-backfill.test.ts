import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { pregnancyTest, testDb, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";
import { asMigrationsOwner } from "./written-for-backfill";

/**
 * A dispensed date given with the prescription's form is its first recorded dispensing, by its prescriber; those
 * given before the dates were kept (migration 20270210000000_prescription_dispensings) are brought in the same way:
 * its backfill, run again here as the migrations' owner, gives a row to a prescription whose date has none, and to
 * no other. Today is 23 Nov 2026.
 */
const MIGRATION = readFileSync("prisma/migrations/20270210000000_prescription_dispensings/migration.sql", "utf8");
const BACKFILL = MIGRATION.slice(MIGRATION.indexOf("-- The dispensed dates recorded before"));
const owner = asMigrationsOwner();

const rowsOf = (prescriptionId: string) =>
  testDb().prescriptionDispensing.findMany({
    where: { prescriptionId },
    select: { dispensedOn: true, supersedesId: true, reason: true, acknowledgedWarnings: true, recordedById: true, recordedAt: true },
  });

describe("the first dispensed date of a prescription", () => {
  it("given with the prescription's form, is its first row, by its prescriber; one without a row gets it from the migration", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(TODAY, -30));
    await pregnancyTest(p.id, "2026-11-21", derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-22", { ...confirm, dispensedOn: TODAY }))).toMatchObject({
      status: "ok",
    });
    const written = await rxWrittenOn(course.id, "2026-11-22");
    expect(await rowsOf(written.id)).toMatchObject([
      { dispensedOn: new Date(`${TODAY}T00:00:00Z`), supersedesId: null, reason: null, acknowledgedWarnings: [], recordedById: derm.id },
    ]);

    // The course's first prescription, of 24 Oct, with a dispensed date stored as the form stored it before rows were kept.
    const first = await rxWrittenOn(course.id, addDays(TODAY, -30));
    await testDb().prescription.update({ where: { id: first.id }, data: { dispensedOn: new Date("2026-10-25T00:00:00Z") } });
    expect(await rowsOf(first.id)).toEqual([]);
    await owner.query(BACKFILL);
    const { createdAt } = await testDb().prescription.findUniqueOrThrow({ where: { id: first.id } });
    expect(await rowsOf(first.id)).toEqual([
      {
        dispensedOn: new Date("2026-10-25T00:00:00Z"),
        supersedesId: null,
        reason: null,
        acknowledgedWarnings: [],
        recordedById: derm.id,
        recordedAt: createdAt,
      },
    ]);
    // Run again, it changes nothing; the prescription written with its date keeps its one row.
    await owner.query(BACKFILL);
    expect(await rowsOf(first.id)).toHaveLength(1);
    expect(await rowsOf(written.id)).toHaveLength(1);
  });
});
