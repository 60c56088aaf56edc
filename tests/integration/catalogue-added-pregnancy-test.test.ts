import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setCatalogueTestActiveAction } from "@/app/(portal)/lab-catalogue/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { addDays } from "@/lib/domain/dates";
import { getImportPreview } from "@/lib/data/import-batches";
import { importHl7File } from "@/lib/data/import-hl7";
import { getLabCatalogue } from "@/lib/data/labs";
import { IDLE } from "@/lib/validation/action-result";
import { oru } from "./hl7-helpers";
import { actAs, countRows, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { staged } from "./import-helpers";
import { addedHcg, resultUnder } from "./added-pregnancy-test-fixture";

/*
 * A pregnancy test the clinic added to the catalogue as a test of its own, before the catalogue refused one
 * (catalogue-pregnancy-tests.test.ts): the pregnancy-prevention rules read only the catalogue's hCG tests, so a
 * positive recorded under it, as a number, stopped no prescription. No result is recorded under such a test,
 * by hand, from a file or from a laboratory, and it cannot be offered again; one from a laboratory waits in
 * the queue as a pregnancy test, stopping the patient's prescribing.
 */
const db = () => testDb();
const REFUSED = expect.stringContaining("reads as a pregnancy test");

describe("a pregnancy test the clinic added to the catalogue as a test of its own", () => {
  it("records nothing by hand, is not offered on the entry form, and the refusal names its field", async () => {
    const test = await addedHcg();
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    actAs(await makeUser("NURSE"));
    expect((await getLabCatalogue()).map((t) => t.id)).not.toContain(test.id);
    const before = await countRows();
    const r = await recordLabPanelAction(
      IDLE,
      form({ patientId: p.id, submissionId: randomUUID(), specimenDate: addDays(TODAY, -1), [`value:${test.id}`]: "250" }),
    );
    expect(r).toMatchObject({ status: "error", fieldErrors: { [`value:${test.id}`]: [REFUSED] } });
    expect(await countRows()).toEqual(before);
  });

  it("from a laboratory, waits in the queue as a pregnancy test that stops the patient's prescribing", async () => {
    const test = await addedHcg();
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const nurse = await makeUser("NURSE");
    // The laboratory's own text names no pregnancy test: the catalogue's name for the code does.
    const message = oru(`ADDED-${randomUUID().slice(0, 8)}`, p.mrn, [`NM|${test.code}^BQ^L||250|m[IU]/mL|<5|H|||F`]);
    const out = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, message, TODAY);
    expect(out.messages.map((m) => [m.status, m.attached, m.queued])).toEqual([["IMPORTED", 0, 1]]);
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
    const entry = await db().hl7QueueEntry.findFirstOrThrow({ where: { patientId: p.id } });
    expect([entry.reason, entry.pregnancyTest, entry.holdsPatientId, entry.detail]).toEqual(["UNKNOWN_TEST", true, p.id, REFUSED]);
  });

  it("from a file, the row is refused on its test code", async () => {
    const test = await addedHcg();
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const header = "mrn,date_of_birth,specimen_date,test_code,value,unit,reference_low,reference_high,lab_flag,pregnancy_test_setting";
    const batchId = await staged("labs", [header, `${p.mrn},2000-01-01,${addDays(TODAY, -2)},${test.code},250,m[IU]/mL,,,,`].join("\n"));
    const plan = (await getImportPreview(nurse, batchId))!.plan;
    expect(plan.problems.map((x) => [x.row, x.column, x.message])).toEqual([[2, "test_code", REFUSED]]);
  });

  it("a result recorded under it before is voided but not corrected into another number", async () => {
    const test = await addedHcg();
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const old = await resultUnder(test, p.id, addDays(TODAY, -9), "3", derm.id);
    const corrected = await correctLabResultAction(IDLE, form({ labResultId: old.id, value: "300", reason: "Misread" }));
    expect(corrected).toMatchObject({ status: "error", fieldErrors: { value: [REFUSED] } });
    expect(await correctLabResultAction(IDLE, form({ labResultId: old.id, reason: "Recorded under the wrong test" }))).toMatchObject({ status: "ok" });
  });

  it("is retired but never offered again", async () => {
    const test = await addedHcg();
    actAs(await makeUser("DERMATOLOGIST"));
    expect(await setCatalogueTestActiveAction(IDLE, form({ labTestId: test.id, active: "false" }))).toMatchObject({ status: "ok" });
    const before = await db().auditEvent.count({ where: { entityId: test.id } });
    expect(await setCatalogueTestActiveAction(IDLE, form({ labTestId: test.id, active: "true" }))).toMatchObject({ status: "error", message: REFUSED });
    expect((await db().labTest.findUniqueOrThrow({ where: { id: test.id } })).active).toBe(false);
    expect(await db().auditEvent.count({ where: { entityId: test.id } })).toBe(before);
  });
});
