import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { correctLabResult } from "@/lib/data/correct-records";
import { attachHl7Results } from "@/lib/data/hl7-queue-attach";
import { importHl7File } from "@/lib/data/import-hl7";
import { loadPregnancyHistory } from "@/lib/data/pregnancy-history";
import { altResult, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { hcg, oru } from "./hl7-helpers";

/**
 * A laboratory sends a result again in a new message (its interface resends an order's results when another
 * of them is finalized, under a new control id). A result of the chart voided or corrected as entered in error
 * does not come back as a current result that way: sent again with the same test, specimen date and value, and
 * no current result on file like it, it waits for review, saying so, and the chart keeps its correction.
 */
const db = () => testDb();
const alt = (value: number) => `NM|1742-6^ALT^LN||${value}|U/L|7-56|${value > 56 ? "H" : "N"}|||F`;

async function send(user: { id: string; role: "NURSE" }, mrn: string, obx: string) {
  const controlId = `VA-${randomUUID().slice(0, 8)}`;
  const out = await importHl7File({ kind: "UPLOAD", user }, oru(controlId, mrn, [obx]), TODAY);
  return { controlId, outcome: out.messages[0]! };
}

const live = (patientId: string, analyte: string) =>
  db().labResult.findMany({
    where: { patientId, analyte, voidedAt: null },
    orderBy: { enteredAt: "asc" },
    select: { id: true, valueNumeric: true, valueQualitative: true },
  });

describe("a result voided or corrected on the chart, sent again by the laboratory", () => {
  it("a negative pregnancy test a dermatologist voided does not come back to count for a prescription", async () => {
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const derm = { id: (await makeUser("DERMATOLOGIST")).id, role: "DERMATOLOGIST" as const };
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    expect((await send(nurse, p.mrn, hcg("Negative", "F"))).outcome).toMatchObject({ status: "IMPORTED", attached: 1 });
    const [received] = await live(p.id, "HCG");
    await correctLabResult(derm, { labResultId: received!.id, reason: "Specimen mislabelled: the laboratory says it is not this patient's" }, TODAY);

    const again = await send(nurse, p.mrn, hcg("Negative", "F"));

    expect(again.outcome).toMatchObject({ status: "IMPORTED", attached: 0, queued: 1 });
    expect(await live(p.id, "HCG")).toEqual([]);
    expect((await loadPregnancyHistory(db(), p.id))!.tests).toEqual([]);
    const entry = await db().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId: again.controlId } } });
    expect(entry).toMatchObject({ reason: "VOIDED_ON_CHART", patientId: p.id, status: "PENDING" });
    // Attached, it would undo the dermatologist's void: only a dermatologist attaches it.
    const attach = (by: { id: string; role: "NURSE" | "DERMATOLOGIST" }) =>
      attachHl7Results(by, { entryIds: [entry.id], mrn: p.mrn, birthDate: "2000-01-01" }, TODAY);
    await expect(attach(nurse)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(attach(derm)).resolves.toMatchObject({ attached: 1 });
  });

  it("a critical ALT corrected by hand stays corrected: the value sent again waits for review", async () => {
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const p = await makePatient();
    await send(nurse, p.mrn, alt(900));
    const [received] = await live(p.id, "ALT");
    await correctLabResult(nurse, { labResultId: received!.id, value: "90", reason: "The laboratory phoned: 90 U/L, a transcription error" }, TODAY);

    const again = await send(nurse, p.mrn, alt(900));

    expect(again.outcome).toMatchObject({ status: "IMPORTED", attached: 0, queued: 1, queueReasons: ["VOIDED_ON_CHART"] });
    expect((await live(p.id, "ALT")).map((r) => Number(r.valueNumeric))).toEqual([90]);
  });

  it("a critical ALT corrected by hand, sent again without its unit: waits as a result the chart rejected, the unit still to be chosen", async () => {
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const p = await makePatient();
    await send(nurse, p.mrn, alt(900));
    const [received] = await live(p.id, "ALT");
    await correctLabResult(nurse, { labResultId: received!.id, value: "90", reason: "The laboratory phoned: 90 U/L, a transcription error" }, TODAY);

    const again = await send(nurse, p.mrn, "NM|1742-6^ALT^LN||900||7-56|H|||F");

    expect(again.outcome).toMatchObject({ status: "IMPORTED", attached: 0, queued: 1, queueReasons: ["VOIDED_ON_CHART"] });
    const entry = await db().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId: again.controlId } } });
    expect(entry.detail).toContain("check with the laboratory before attaching it again");
    expect(entry.detail).toContain("the laboratory sent no unit");
    // Attached after that check, it still takes the unit from the laboratory's report.
    const attach = (units: Record<string, string>) => attachHl7Results(nurse, { entryIds: [entry.id], mrn: p.mrn, birthDate: "2000-01-01", units }, TODAY);
    await expect(attach({})).rejects.toMatchObject({ code: "INVALID", detail: { field: `unit:${entry.id}` } });
    expect((await live(p.id, "ALT")).map((r) => Number(r.valueNumeric))).toEqual([90]);
  });

  it("a result on file and live is still recorded again as its copy, and a new value as a result of its own", async () => {
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const p = await makePatient();
    await send(nurse, p.mrn, alt(90));
    const [first] = await live(p.id, "ALT");
    await correctLabResult(nurse, { labResultId: first!.id, value: "95", reason: "Typed wrongly" }, TODAY);

    expect((await send(nurse, p.mrn, alt(95))).outcome).toMatchObject({ attached: 1, queued: 0 });
    expect((await send(nurse, p.mrn, alt(120))).outcome).toMatchObject({ attached: 1, queued: 0 });
    expect((await live(p.id, "ALT")).map((r) => Number(r.valueNumeric))).toEqual([95, 95, 120]);
  });

  it("a hand entry voided alone does not stop the laboratory's own result of it", async () => {
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const p = await makePatient();
    // ALT 90 U/L on 22 Nov, typed from a faxed report, then voided: the laboratory's message is expected instead.
    const typed = await altResult(p.id, nurse.id, "2026-11-22", "HIGH");
    await correctLabResult(nurse, { labResultId: typed.id, reason: "Duplicate: the lab sends it electronically" }, TODAY);

    expect((await send(nurse, p.mrn, alt(90))).outcome).toMatchObject({ attached: 1, queued: 0 });
    expect((await live(p.id, "ALT")).map((r) => Number(r.valueNumeric))).toEqual([90]);
  });

  it("a laboratory's correction that the clinic corrected again by hand is not applied once more when resent", async () => {
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const p = await makePatient();
    await send(nurse, p.mrn, alt(900));
    // The laboratory corrects it to 90 (OBX-11 C), then phones: 95 U/L, which the nurse records as a correction.
    expect((await send(nurse, p.mrn, alt(90).replace("|||F", "|||C"))).outcome).toMatchObject({ attached: 1, corrected: 1 });
    const [fromLab] = await live(p.id, "ALT");
    await correctLabResult(nurse, { labResultId: fromLab!.id, value: "95", reason: "The laboratory phoned: 95 U/L" }, TODAY);

    const again = await send(nurse, p.mrn, alt(90).replace("|||F", "|||C"));

    expect(again.outcome).toMatchObject({ attached: 0, corrected: 0, queued: 1, queueReasons: ["VOIDED_ON_CHART"] });
    expect((await live(p.id, "ALT")).map((r) => Number(r.valueNumeric))).toEqual([95]);
  });
});
