import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { addDays } from "@/lib/domain/dates";
import { makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { patientOnCourse } from "./pregnancy-fixture";

/*
 * A pregnancy test the clinic added to the catalogue as a test of its own before the catalogue refused one: the
 * pregnancy-prevention rules read only the catalogue's hCG tests, so a positive recorded under it stopped no
 * prescription. Nothing is recorded under it any more; a positive recorded under it before still stops prescribing
 * (or waits for a dermatologist), rather than staying on the chart where the rules never read it.
 */
const db = () => testDb();

describe("a positive recorded under a pregnancy test the clinic added before the catalogue refused one", () => {
  it("stops prescribing", async () => {
    const { p } = await patientOnCourse(addDays(TODAY, -30));
    const nurse = await makeUser("NURSE");
    await pregnancyTest(p.id, addDays(TODAY, -2), nurse.id);
    const staff = { role: "STAFF" as const };
    expect((await getPregnancyOverview(staff, p.id, TODAY))!.prescribingStopped).toBe(false);
    const code = `9${String(Math.floor(Math.random() * 9000) + 1000)}-${Math.floor(Math.random() * 10)}`;
    const test = await db().labTest.create({
      data: { code, name: "Beta hCG, quantitative (clinic)", analyte: `LOINC:${code}`, kind: "QUANTITATIVE", unit: "m[IU]/mL", active: true, sortOrder: 500 },
    });
    // As hand entry recorded it before the refusal: 250 mIU/mL the day after the negative test.
    await db().labResult.create({
      data: {
        patientId: p.id,
        labTestId: test.id,
        code: test.code,
        codeSystem: test.codeSystem,
        analyte: test.analyte,
        specimenDate: new Date(`${addDays(TODAY, -1)}T00:00:00Z`),
        valueNumeric: "250",
        unit: "m[IU]/mL",
        enteredValue: "250",
        enteredUnit: "m[IU]/mL",
        flag: "NORMAL",
        submissionId: randomUUID(),
        enteredById: nurse.id,
      },
    });
    expect((await getPregnancyOverview(staff, p.id, TODAY))!.prescribingStopped).toBe(true);
  });
});
