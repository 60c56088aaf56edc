import { describe, expect, it } from "vitest";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { ALREADY_DECIDED, DECIDED_ON_ANOTHER_RECORD, DECISION_ROLE, recordPregnancyDecision } from "@/lib/data/pregnancy-decision";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, testDb, TODAY } from "./helpers";
import { positiveRecordedTwice } from "./pregnancy-copy-fixture";

/**
 * A positive pregnancy test recorded twice (by hand, then the laboratory's message: a copy naming the first,
 * lib/data/lab-copies.ts) is one test: a decision documented on either record is the result's, once.
 */
const db = () => testDb();

const decide = (patientId: string, labResultId: string) =>
  recordPregnancyDecisionAction(IDLE, form({ patientId, labResultId, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG confirmed" }));

/** What a decision wrote: the decisions, the follow-up items stored, the decision audit rows, the records' reviews. */
async function written(patientId: string) {
  const [decisions, followUps, audits, reviewed] = await Promise.all([
    db().pregnancyDecision.findMany({ where: { patientId }, select: { labResultId: true, outcome: true } }),
    db().monitoringItemRow.count({ where: { patientId, kind: "DERM_FOLLOW_UP" } }),
    db().auditEvent.findMany({ where: { patientId, action: "pregnancy.decision" }, select: { changes: true } }),
    db().labResult.findMany({ where: { patientId, analyte: "HCG" }, orderBy: { enteredAt: "asc" }, select: { acknowledgedById: true } }),
  ]);
  return { decisions, followUps, audits: audits.map((a) => a.changes), reviewed: reviewed.map((r) => r.acknowledgedById) };
}

describe("a decision on a pregnancy test recorded twice", () => {
  it("documented on the copy's id, it is the result's decision: one decision, one set of follow-ups, both records reviewed", async () => {
    const { derm, patient, first, copy } = await positiveRecordedTwice();
    expect(await decide(patient.id, copy.id)).toEqual({ status: "ok", message: "Decision documented." });
    expect(await written(patient.id)).toEqual({
      decisions: [{ labResultId: first.id, outcome: "PREGNANCY_CONFIRMED" }],
      followUps: 2,
      audits: [{ labResultId: first.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG confirmed", openedCopy: copy.id }],
      reviewed: [derm.id, derm.id],
    });
    expect((await getPatientMonitoring({ role: "DERMATOLOGIST" }, patient.id, TODAY)).map((i) => i.kind)).toEqual(["DERM_FOLLOW_UP", "DERM_FOLLOW_UP"]);
    // Again, on either record: refused, nothing more written.
    const before = await written(patient.id);
    expect(await decide(patient.id, copy.id)).toMatchObject({ status: "error", message: DECIDED_ON_ANOTHER_RECORD });
    expect(await decide(patient.id, first.id)).toMatchObject({ status: "error", message: ALREADY_DECIDED });
    expect(await written(patient.id)).toEqual(before);
  });

  it("the result decided first, a decision on its copy is refused with the reason and writes nothing", async () => {
    const { patient, first, copy } = await positiveRecordedTwice();
    expect(await decide(patient.id, first.id)).toEqual({ status: "ok", message: "Decision documented." });
    const before = await written(patient.id);
    expect(before).toMatchObject({ decisions: [{ labResultId: first.id }], followUps: 2 });
    expect(await decide(patient.id, copy.id)).toMatchObject({ status: "error", message: DECIDED_ON_ANOTHER_RECORD });
    expect(await written(patient.id)).toEqual(before);
  });

  it("a decision documented on a copy before copies were followed still decides the result: none is added on the first record", async () => {
    const { derm, patient, first, copy } = await positiveRecordedTwice();
    await db().pregnancyDecision.create({
      data: {
        patientId: patient.id,
        labResultId: copy.id,
        outcome: "FALSE_POSITIVE",
        reason: "Repeat negative",
        decidedOn: new Date(`${TODAY}T00:00:00Z`),
        decidedById: derm.id,
      },
    });
    expect(await decide(patient.id, first.id)).toMatchObject({ status: "error", message: DECIDED_ON_ANOTHER_RECORD });
    expect(await db().pregnancyDecision.count({ where: { patientId: patient.id } })).toBe(1);
  });

  it("only a dermatologist decides, in the action and in the data function", async () => {
    const { nurse, patient, copy } = await positiveRecordedTwice();
    actAs(nurse);
    expect(await decide(patient.id, copy.id)).toMatchObject({ status: "error", message: "You do not have permission to do this." });
    await expect(
      recordPregnancyDecision(
        { id: nurse.id, role: "NURSE" },
        { patientId: patient.id, labResultId: copy.id, outcome: "PREGNANCY_CONFIRMED", reason: "x" },
        TODAY,
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: DECISION_ROLE });
    expect(await db().pregnancyDecision.count({ where: { patientId: patient.id } })).toBe(0);
  });
});
