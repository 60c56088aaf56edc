import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7 } from "./hl7-helpers";
import { fresh, patientOnCourse, rxForm } from "./pregnancy-fixture";

/**
 * A laboratory's pregnancy test the portal cannot record (a quantitative hCG, a code the catalogue lacks)
 * or cannot place on a chart (the MRN's patient has another date of birth) still stops that patient's
 * prescribing while it waits in the queue, until a dermatologist reviews it. A result of another test
 * waiting the same way stops nothing.
 */
const today = TODAY;
const staff = { role: "STAFF" as const };
/** Quantitative serum beta-hCG (LOINC 21198-7), 1,250 mIU/mL: positive, in a form the catalogue does not record. */
const quantitativeHcg = "NM|21198-7^HCG beta subunit [Units/volume] in Serum or Plasma^LN||1250|m[IU]/mL|<5|H|||F";
/** The same under the laboratory's own code, named only by its text. */
const localHcg = "NM|BHCGQ^Beta hCG, quantitative^L||1250|m[IU]/mL|<5|H|||F";
const vitaminD = "NM|1989-3^Vitamin D 25-Hydroxy^LN||12|ng/mL|30-100|L|||F";

async function sendTo(mrn: string, obx: string[], dob?: string) {
  const { token } = await makeLabInterface(await makeUser("ADMIN"), `Hold lab ${randomUUID().slice(0, 6)}`);
  const controlId = `PH-${randomUUID().slice(0, 8)}`;
  const sent = await postHl7(token, oru(controlId, mrn, obx, dob ? { dob } : {}));
  expect(sent.msa[0]).toBe("AA");
  return testDb().hl7QueueEntry.findMany({ where: { message: { controlId } }, orderBy: { createdAt: "asc" } });
}

async function onCourseWithNegativeTest() {
  const fixture = await patientOnCourse(addDays(today, -30));
  await pregnancyTest(fixture.p.id, addDays(today, -1), fixture.derm.id);
  return fixture;
}

describe("a laboratory's pregnancy test waiting in the queue", () => {
  for (const [name, obx] of [
    ["a quantitative hCG (LOINC 21198-7)", quantitativeHcg],
    ["an hCG under the laboratory's own code", localHcg],
  ] as const) {
    it(`${name} stops prescribing until a dermatologist dismisses it; a nurse cannot`, async () => {
      const { derm, p, course, confirm } = await onCourseWithNegativeTest();
      const [entry] = await sendTo(p.mrn, [obx]);
      expect(entry).toMatchObject({ reason: "UNKNOWN_TEST", pregnancyTest: true, patientId: p.id, holdsPatientId: p.id });
      expect((await getPregnancyOverview(staff, p.id, today))!.prescribingStopped).toBe(true);
      actAs(derm);
      expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm))).toMatchObject({
        status: "error",
        fieldErrors: { pregnancy: [expect.stringContaining("waiting under Unfiled lab results")] },
      });
      actAs(await makeUser("NURSE"));
      expect(await dismissHl7ResultAction(IDLE, form({ entryId: entry!.id, reason: "Unknown test" }))).toMatchObject({
        status: "error",
        message: expect.stringContaining("Only a dermatologist"),
      });
      actAs(derm);
      expect(await dismissHl7ResultAction(IDLE, form({ entryId: entry!.id, reason: "Quantitative hCG 1,250: positive, recorded by hand" }))).toMatchObject({
        status: "ok",
      });
      expect((await getPregnancyOverview(staff, p.id, today))!.prescribingStopped).toBe(false);
    });
  }

  it("a positive test for the MRN's patient with another date of birth stops that patient's prescribing while it waits", async () => {
    const { derm, p } = await onCourseWithNegativeTest();
    const [entry] = await sendTo(p.mrn, [hcg("Positive", "F")], "19991231");
    expect(entry).toMatchObject({ reason: "DOB_MISMATCH", pregnancyTest: true, patientId: null, holdsPatientId: p.id });
    expect((await getPregnancyOverview(staff, p.id, today))!.prescribingStopped).toBe(true);
    actAs(derm);
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: entry!.id, reason: "Another person: the laboratory confirmed" }))).toMatchObject({
      status: "ok",
    });
    expect((await getPregnancyOverview(staff, p.id, today))!.prescribingStopped).toBe(false);
  });

  it("another test waiting for the patient, or a plain final negative, stops nothing", async () => {
    const { p } = await onCourseWithNegativeTest();
    const entries = await sendTo(p.mrn, [vitaminD, hcg("Negative", "F")], "19991231");
    expect(entries.map((e) => [e.pregnancyTest, e.holdsPatientId])).toEqual([
      [false, null],
      [true, p.id],
    ]);
    expect((await getPregnancyOverview(staff, p.id, today))!.prescribingStopped).toBe(false);
  });
});
