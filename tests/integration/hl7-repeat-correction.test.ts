import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { importHl7FileAction } from "@/app/(portal)/labs/import/actions";
import { attachHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { acknowledgeLabAction, recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { IDLE } from "@/lib/validation/action-result";
import { tokenFor } from "./confirmations";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";

/**
 * A repeat test asked for at the review of a result, when the laboratory corrects that result (HL7 OBX-11 C),
 * posted by its interface, uploaded by a nurse or attached from the queue: still abnormal (any flag but normal,
 * above the lab range included), the correction takes the request in the message's transaction and audit row;
 * normal, the request stays with the voided result and lists nothing. Specimens of 22 Nov; today is 23 Nov 2026.
 */
const db = () => testDb();
const LABEL = "Repeat triglycerides (after the result of 22 Nov 2026)";
const ACK_ONE_CORRECTION = "Imported: 1 results attached, 1 of them a correction, 0 waiting for review.";
const controlId = () => `RC-${randomUUID().slice(0, 8)}`;
const iso = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
const storedRepeats = (patientId: string) => db().monitoringItemRow.findMany({ where: { patientId, kind: "LAB_REPEAT" } });
const liveRepeats = async (patientId: string) =>
  (await getPatientMonitoring(CLINICIAN, patientId, TODAY)).filter((i) => i.kind === "LAB_REPEAT").map((i) => [i.key, i.dueDate]);
const liveTg = (patientId: string) => db().labResult.findMany({ where: { patientId, voidedAt: null }, orderBy: { enteredAt: "asc" } });
const requestOn = async (id: string) => (await db().labRepeatRequest.findUniqueOrThrow({ where: { id } })).labResultId;

let token: string;
let interfaceId: string;
let nurse: { id: string };
let derm: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  derm = await makeUser("DERMATOLOGIST");
  ({ token, interfaceId } = await makeLabInterface(await makeUser("ADMIN"), `Repeat lab ${randomUUID().slice(0, 8)}`));
});

/** The laboratory's triglyceride of 600 mg/dL, reviewed by a dermatologist with "Repeat test" in 14 days (due 7 Dec). */
async function labResultReviewedWithRepeat() {
  const p = await makePatient();
  expect((await postHl7(token, oru(controlId(), p.mrn, [tg(600, "F")]))).msa[0]).toBe("AA");
  const [result] = await liveTg(p.id);
  actAs(derm);
  expect(await acknowledgeLabAction(IDLE, form({ labResultId: result!.id, reviewAction: "REPEAT_TEST", repeatInDays: "14" }))).toMatchObject({ status: "ok" });
  const request = await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } });
  const [item] = await storedRepeats(p.id);
  expect([item!.label, iso(item!.dueDate)]).toEqual([LABEL, "2026-12-07"]);
  return { p, result: result!, request, itemKey: item!.itemKey };
}

/** A file of messages uploaded by the nurse on the import page: the page's answer for each message. */
async function upload(body: string) {
  const fd = new FormData();
  fd.append("file", new File([new TextEncoder().encode(body)], "results.hl7", { type: "text/plain" }));
  actAs(nurse);
  const state = await importHl7FileAction(IDLE, fd);
  expect(state).toMatchObject({ status: "ok" });
  return (state as { hl7: Record<string, unknown>[] }).hl7;
}

describe("a laboratory's corrected result replacing a result reviewed with Repeat test", () => {
  it("posted by the interface, still abnormal (above the lab range): the repeat follows it, due the same day", async () => {
    const { p, result, request, itemKey } = await labResultReviewedWithRepeat();
    const id = controlId();
    const ack = await postHl7(token, oru(id, p.mrn, [tg(160, "C")]));
    expect([ack.msa[0], ack.msa[2]]).toEqual(["AA", ACK_ONE_CORRECTION]);
    const [corrected] = await liveTg(p.id);
    expect([Number(corrected!.valueNumeric), corrected!.flag]).toEqual([160, "HIGH"]);
    expect(await requestOn(request.id)).toBe(corrected!.id);
    expect((await storedRepeats(p.id)).map((i) => [i.itemKey, i.label, iso(i.dueDate)])).toEqual([[itemKey, LABEL, "2026-12-07"]]);
    expect(await liveRepeats(p.id)).toEqual([[itemKey, "2026-12-07"]]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.correct", entityId: result.id } });
    expect([audit.actorId, audit.actorRole]).toEqual([interfaceId, null]);
    expect(audit.changes).toMatchObject({ after: { id: corrected!.id, flag: "HIGH" }, repeatsCarriedOver: 1, repeatRequests: [request.id] });
  });

  it("posted by the interface, normal: the repeat is no longer listed; the request stays with the voided result", async () => {
    const { p, result, request } = await labResultReviewedWithRepeat();
    const ack = await postHl7(token, oru(controlId(), p.mrn, [tg(120, "C")]));
    expect(ack.msa[2]).toBe(ACK_ONE_CORRECTION);
    expect(await requestOn(request.id)).toBe(result.id);
    expect(await storedRepeats(p.id)).toEqual([]);
    expect(await liveRepeats(p.id)).toEqual([]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.correct", entityId: result.id } });
    expect(audit.changes).toMatchObject({ after: { flag: "NORMAL" }, repeatsNotCarriedOver: 1, repeatRequests: [request.id] });
  });

  it("uploaded by a nurse: the page says which repeat stays listed and which is no longer listed", async () => {
    const a = await labResultReviewedWithRepeat();
    const b = await labResultReviewedWithRepeat();
    const [abnormal, normal] = await upload([oru(controlId(), a.p.mrn, [tg(700, "C")]), oru(controlId(), b.p.mrn, [tg(120, "C")])].join("\r"));
    expect(abnormal).toMatchObject({
      status: "IMPORTED",
      corrected: 1,
      repeats: { stillListed: [{ label: LABEL, dueDate: "2026-12-07" }], noLongerListed: [] },
    });
    expect(normal).toMatchObject({ status: "IMPORTED", corrected: 1, repeats: { stillListed: [], noLongerListed: [{ label: LABEL, dueDate: "2026-12-07" }] } });
    const [corrected] = await liveTg(a.p.id);
    expect(await requestOn(a.request.id)).toBe(corrected!.id);
    expect((await storedRepeats(a.p.id)).map((i) => [i.itemKey, iso(i.dueDate)])).toEqual([[a.itemKey, "2026-12-07"]]);
    expect(await requestOn(b.request.id)).toBe(b.result.id);
    expect(await storedRepeats(b.p.id)).toEqual([]);
    // The nurse who uploaded the file voided the originals; the audit rows say what became of the repeats.
    const audits = await db().auditEvent.findMany({ where: { action: "lab.correct", entityId: { in: [a.result.id, b.result.id] } }, orderBy: { id: "asc" } });
    expect(audits.map((x) => [x.actorId, x.entityId, (x.changes as Record<string, unknown>).repeatsCarriedOver ?? null])).toEqual([
      [nurse.id, a.result.id, 1],
      [nurse.id, b.result.id, null],
    ]);
  });

  it("of a result also typed in by hand replaces both records, and the repeat asked for on the hand entry follows", async () => {
    const p = await makePatient();
    // Received first, then the faxed report typed in again on purpose: one result, two records.
    await postHl7(token, oru(controlId(), p.mrn, [tg(600, "F")]));
    const [received] = await liveTg(p.id);
    const tgTest = await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
    actAs(nurse);
    const typed = await recordLabPanelAction(
      IDLE,
      form({
        patientId: p.id,
        submissionId: randomUUID(),
        specimenDate: "2026-11-22",
        [`value:${tgTest.id}`]: "600",
        ack: tokenFor(`DUPLICATE:${tgTest.id}`, "Triglycerides: the same result (600 mg/dL, 22 Nov 2026) is already recorded. Record it again?"),
      }),
    );
    expect(typed).toMatchObject({ status: "ok" });
    const copy = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, duplicateOfId: received!.id } });
    actAs(derm);
    // Reviewed on the copy's row: the request names the result the copy records.
    await acknowledgeLabAction(IDLE, form({ labResultId: copy.id, reviewAction: "REPEAT_TEST", repeatOn: "2026-12-10" }));
    const request = await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } });
    expect(request.labResultId).toBe(received!.id);
    await postHl7(token, oru(controlId(), p.mrn, [tg(900, "C")]));
    const live = await liveTg(p.id);
    expect(live.map((r) => [Number(r.valueNumeric), r.flag])).toEqual([[900, "CRITICAL"]]);
    expect(await requestOn(request.id)).toBe(live[0]!.id);
    expect((await storedRepeats(p.id)).map((i) => iso(i.dueDate))).toEqual(["2026-12-10"]);
  });
});

describe("a laboratory's corrected result attached from the queue", () => {
  it("says, once attached, that the repeat asked for at the review is no longer listed when it is normal", async () => {
    const p = await makePatient();
    // Two results of the test that day: the laboratory's correction cannot tell which it replaces, and waits.
    await postHl7(token, oru(controlId(), p.mrn, [tg(600, "F")]));
    await postHl7(token, oru(controlId(), p.mrn, [tg(700, "F")]));
    const [reviewed, wrong] = await liveTg(p.id);
    actAs(derm);
    await acknowledgeLabAction(IDLE, form({ labResultId: reviewed!.id, reviewAction: "REPEAT_TEST", repeatInDays: "14" }));
    const request = await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } });
    const id = controlId();
    await postHl7(token, oru(id, p.mrn, [tg(120, "C")]));
    const entry = await db().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId: id } } });
    actAs(nurse);
    expect(await correctLabResultAction(IDLE, form({ labResultId: wrong!.id, reason: "Another patient's sample" }))).toMatchObject({ status: "ok" });
    expect(await attachHl7ResultAction(IDLE, form({ entryId: entry.id, mrn: p.mrn, birthDate: "2000-01-01" }))).toEqual({
      status: "ok",
      message: `Result attached to the patient; their monitoring and alerts are up to date. ${LABEL}, asked for when the result was reviewed, is no longer listed under Monitoring: the corrected result is normal.`,
    });
    expect(await requestOn(request.id)).toBe(reviewed!.id);
    expect(await storedRepeats(p.id)).toEqual([]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.correct", entityId: reviewed!.id } });
    expect([audit.actorId, audit.changes]).toMatchObject([nurse.id, { repeatsNotCarriedOver: 1, repeatRequests: [request.id] }]);
  });
});
