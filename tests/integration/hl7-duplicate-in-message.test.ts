import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { importHl7File } from "@/lib/data/import-hl7";
import { getLabAlerts } from "@/lib/data/labs";
import { loadPregnancyHistory } from "@/lib/data/pregnancy-history";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, CLINICIAN, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";

/**
 * A laboratory's message that carries the same result twice (the same test, specimen date and value: an OBX
 * segment sent twice) records it once as the result and once as its copy, naming it, as a result sent again
 * in another message is: both records are kept, the result counts once (alerts, pregnancy tests), and voiding
 * the first leaves the copy as the result. Two values of one test and date are not: the second waits for review
 * (tests/integration/hl7-values-in-message.test.ts).
 */
const db = () => testDb();
const controlId = () => `DM-${randomUUID().slice(0, 8)}`;
const rowsOf = (patientId: string) => db().labResult.findMany({ where: { patientId }, orderBy: { valueNumeric: "desc" } });
/** The two records of one message's result: the one a copy names first (rows inserted together share their time). */
async function twoRecords(patientId: string) {
  const rows = await rowsOf(patientId);
  expect(rows).toHaveLength(2);
  const first = rows.find((r) => r.duplicateOfId === null) ?? rows[0]!;
  return [first, rows.find((r) => r.id !== first.id)!] as const;
}
const critical = async (patientId: string) => (await getLabAlerts(CLINICIAN, 10_000)).critical.filter((a) => a.patientId === patientId).map((a) => a.id);

let token = "";
let nurse: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  token = (await makeLabInterface(await makeUser("ADMIN"), `Duplicated OBX lab ${randomUUID().slice(0, 6)}`)).token;
});

describe("the same result twice in one message", () => {
  it("is one result and its copy: one alert, and voiding the first leaves the copy as the result", async () => {
    const p = await makePatient();
    const sent = await postHl7(token, oru(controlId(), p.mrn, [tg(900, "F"), tg(900, "F")]));
    expect([sent.msa[0], sent.msa[2]]).toEqual(["AA", "Imported: 2 results attached, 0 waiting for review."]);
    const [first, second] = await twoRecords(p.id);
    expect([first!.duplicateOfId, second!.duplicateOfId]).toEqual([null, first!.id]);
    expect([first!.flag, second!.flag]).toEqual(["CRITICAL", "CRITICAL"]);
    expect(await critical(p.id)).toEqual([first!.id]);
    // The audit row of the import names the copy's result, as for a result sent again.
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.import", patientId: p.id } });
    expect((audit.changes as { results: { duplicateOf?: string }[] }).results.map((r) => r.duplicateOf ?? null)).toEqual([null, first!.id]);

    actAs(nurse);
    expect(await correctLabResultAction(IDLE, form({ labResultId: first!.id, value: "", specimenDate: "", reason: "Entered in error" }))).toMatchObject({
      status: "ok",
    });
    const after = await db().labResult.findMany({ where: { id: { in: [first!.id, second!.id] } } });
    expect(Object.fromEntries(after.map((r) => [r.id, [r.voidedAt !== null, r.duplicateOfId]]))).toEqual({
      [first!.id]: [true, null],
      [second!.id]: [false, null],
    });
    expect(await critical(p.id)).toEqual([second!.id]);
  });

  it("uploaded: a positive pregnancy test sent twice is one test for the pregnancy-prevention rules", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const message = oru(controlId(), p.mrn, [hcg("Positive", "F"), hcg("Positive", "F")]);
    const out = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, message, TODAY);
    expect(out.messages.map((m) => [m.status, m.attached, m.queued])).toEqual([["IMPORTED", 2, 0]]);
    const [first, second] = await twoRecords(p.id);
    expect([first!.valueQualitative, second!.valueQualitative, second!.duplicateOfId]).toEqual(["POSITIVE", "POSITIVE", first!.id]);
    const history = await loadPregnancyHistory(db(), p.id);
    expect(history!.tests.map((t) => [t.id, t.specimenDate, t.result])).toEqual([[first!.id, "2026-11-22", "POSITIVE"]]);
  });

  it("already on the chart: both records name the result on file", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const byHand = await pregnancyTest(p.id, "2026-11-22", nurse.id, "NEGATIVE");
    const sent = await postHl7(token, oru(controlId(), p.mrn, [hcg("Negative", "F"), hcg("Negative", "F")]));
    expect(sent.msa[2]).toBe("Imported: 2 results attached, 0 waiting for review.");
    const fromLab = await db().labResult.findMany({ where: { patientId: p.id, hl7MessageId: { not: null } } });
    expect(fromLab.map((r) => r.duplicateOfId)).toEqual([byHand.id, byHand.id]);
  });

  it("two values of one test on one date: the first is the result, the second no copy of it, waiting for review", async () => {
    const p = await makePatient();
    const sent = await postHl7(token, oru(controlId(), p.mrn, [tg(900, "F"), tg(300, "F")]));
    expect(sent.msa[2]).toBe("Imported: 1 results attached, 1 waiting for review (another result in message).");
    const rows = await rowsOf(p.id);
    expect(rows.map((r) => [Number(r.valueNumeric), r.duplicateOfId])).toEqual([[900, null]]);
  });
});
