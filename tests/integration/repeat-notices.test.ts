import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { acknowledgeRepeatNoticeAction } from "@/app/(portal)/dashboard/actions";
import { importHl7FileAction } from "@/app/(portal)/labs/import/actions";
import { attachHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { acknowledgeLabAction, recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { listRepeatNotices } from "@/lib/data/repeat-notices";
import { repeatsAfterCorrectionText } from "@/lib/domain/monitoring/repeat";
import { IDLE, type Hl7Outcome } from "@/lib/validation/action-result";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb } from "./helpers";
import { makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";

/**
 * An open repeat test that stops being listed where no dermatologist sees it (the laboratory's normal correction
 * posted by its interface, uploaded or attached from the queue by a nurse; a nurse's void) leaves a notice for the
 * dermatologists until one acknowledges it; a dermatologist making the change is told in its answer and leaves
 * none. A void's answer says what became of the repeat, as a correction's does. Today is 23 Nov 2026; the
 * laboratory's specimens are of 22 Nov, the nurse's of 20 Nov.
 */
const db = () => testDb();
const LAB_LABEL = "Repeat triglycerides (after the result of 22 Nov 2026)";
const HAND_LABEL = "Repeat triglycerides (after the result of 20 Nov 2026)";
const controlId = () => `RN-${randomUUID().slice(0, 8)}`;
const liveTg = (patientId: string) => db().labResult.findMany({ where: { patientId, voidedAt: null }, orderBy: { enteredAt: "asc" } });
const noticesOf = (patientId: string) => db().labRepeatNotice.findMany({ where: { patientId }, orderBy: { createdAt: "asc" } });
/** The dashboard's list as a dermatologist reads it, this patient's rows only (other tests leave notices too). */
const shownFor = async (patientId: string) => (await listRepeatNotices(CLINICIAN, 1000)).rows.filter((r) => r.patientId === patientId);

let token: string;
let nurse: { id: string };
let derm: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  derm = await makeUser("DERMATOLOGIST");
  await db().user.update({ where: { id: nurse.id }, data: { name: "Nina Ruiz" } });
  ({ token } = await makeLabInterface(await makeUser("ADMIN"), `Notice lab ${randomUUID().slice(0, 8)}`));
});

/** The laboratory's triglyceride of 600 mg/dL on 22 Nov, reviewed by a dermatologist with "Repeat test" in 14 days. */
async function labResultWithRepeat(name?: { firstName: string; lastName: string }) {
  const p = await makePatient();
  if (name) await db().patient.update({ where: { id: p.id }, data: name });
  expect((await postHl7(token, oru(controlId(), p.mrn, [tg(600, "F")]))).msa[0]).toBe("AA");
  const [result] = await liveTg(p.id);
  actAs(derm);
  expect(await acknowledgeLabAction(IDLE, form({ labResultId: result!.id, reviewAction: "REPEAT_TEST", repeatInDays: "14" }))).toMatchObject({ status: "ok" });
  const request = await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } });
  return { p, result: result!, request };
}

/** A nurse's triglyceride of 612 mg/dL on 20 Nov, reviewed by a dermatologist with "Repeat test" in 14 days. */
async function handResultWithRepeat() {
  const p = await makePatient();
  const test = await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
  actAs(nurse);
  await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: "2026-11-20", [`value:${test.id}`]: "612" }));
  const result = await db().labResult.findFirstOrThrow({ where: { patientId: p.id } });
  actAs(derm);
  expect(await acknowledgeLabAction(IDLE, form({ labResultId: result.id, reviewAction: "REPEAT_TEST", repeatInDays: "14" }))).toMatchObject({ status: "ok" });
  const request = await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } });
  return { p, test, result, request };
}

const acknowledge = (noticeId: string) => acknowledgeRepeatNoticeAction(IDLE, form({ noticeId }));

describe("the laboratory's normal correction posted by its interface", () => {
  it("leaves a notice the dermatologists read until one acknowledges it, kept on file with who and when", async () => {
    const { p, result, request } = await labResultWithRepeat();
    expect((await postHl7(token, oru(controlId(), p.mrn, [tg(120, "C")]))).msa[0]).toBe("AA");
    const [corrected] = await liveTg(p.id);
    const [notice] = await noticesOf(p.id);
    expect(notice).toMatchObject({ requestId: request.id, cause: "LAB_CORRECTION", correctionId: corrected!.id, acknowledgedAt: null });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.correct", entityId: result.id } });
    expect(audit.changes).toMatchObject({ repeatsNotCarriedOver: 1, repeatRequests: [request.id], repeatNotices: [notice!.id] });
    expect(await shownFor(p.id)).toEqual([
      {
        id: notice!.id,
        patientId: p.id,
        patientName: "Patient, Test",
        text: `${LAB_LABEL} no longer needed: the laboratory corrected the result to 120 mg/dL (normal) on 23 Nov 2026.`,
      },
    ]);

    // A nurse may not acknowledge it (the action refuses before anything is read), nor an id that is not one.
    actAs(nurse);
    expect(await acknowledge(notice!.id)).toMatchObject({ status: "error" });
    actAs(derm);
    expect(await acknowledge("not-an-id")).toMatchObject({ status: "error", fieldErrors: { noticeId: ["Not a valid id."] } });
    expect(await acknowledge(randomUUID())).toMatchObject({ status: "error", message: "That notice no longer exists." });
    expect((await db().labRepeatNotice.findUniqueOrThrow({ where: { id: notice!.id } })).acknowledgedAt).toBeNull();

    expect(await acknowledge(notice!.id)).toEqual({ status: "ok", message: "Notice acknowledged." });
    const kept = await db().labRepeatNotice.findUniqueOrThrow({ where: { id: notice!.id } });
    expect([kept.acknowledgedById, kept.acknowledgedAt === null]).toEqual([derm.id, false]);
    expect(await shownFor(p.id)).toEqual([]);
    const ack = await db().auditEvent.findMany({ where: { action: "lab.repeat_notice_acknowledge", entityId: notice!.id } });
    expect(ack.map((a) => [a.actorId, a.patientId, a.changes])).toEqual([[derm.id, p.id, { repeatRequest: request.id }]]);
    // Acknowledged once: a second acknowledgement (another dermatologist's, say) changes nothing.
    expect(await acknowledge(notice!.id)).toMatchObject({ status: "error", message: "This notice was already acknowledged." });
    expect(await db().auditEvent.count({ where: { action: "lab.repeat_notice_acknowledge", entityId: notice!.id } })).toBe(1);
  });

  it("still abnormal, leaves none: the repeat stays listed", async () => {
    const { p } = await labResultWithRepeat();
    await postHl7(token, oru(controlId(), p.mrn, [tg(700, "C")]));
    expect(await noticesOf(p.id)).toEqual([]);
  });
});

describe("the laboratory's normal correction uploaded or attached from the queue", () => {
  it("uploaded by a nurse: the page names each patient beside the repeat, and the dermatologists get a notice", async () => {
    const a = await labResultWithRepeat({ firstName: "Ana", lastName: "Diaz" });
    const b = await labResultWithRepeat({ firstName: "Ben", lastName: "Okafor" });
    const fd = new FormData();
    const body = [oru(controlId(), a.p.mrn, [tg(700, "C")]), oru(controlId(), b.p.mrn, [tg(120, "C")])].join("\r");
    fd.append("file", new File([new TextEncoder().encode(body)], "results.hl7", { type: "text/plain" }));
    actAs(nurse);
    const state = (await importHl7FileAction(IDLE, fd)) as { status: string; hl7: Hl7Outcome[] };
    expect(state.status).toBe("ok");
    // The sentences the upload page shows under each message.
    expect(state.hl7.map((o) => repeatsAfterCorrectionText(o.repeats))).toEqual([
      [
        `Diaz, Ana (MRN ${a.p.mrn}): ${LAB_LABEL}, asked for when the result was reviewed, stays listed under Monitoring, due 7 Dec 2026: the corrected result is still abnormal.`,
      ],
      [
        `Okafor, Ben (MRN ${b.p.mrn}): ${LAB_LABEL}, asked for when the result was reviewed, is no longer listed under Monitoring: the corrected result is normal.`,
      ],
    ]);
    expect(await noticesOf(a.p.id)).toEqual([]);
    expect((await noticesOf(b.p.id)).map((n) => [n.requestId, n.cause])).toEqual([[b.request.id, "LAB_CORRECTION"]]);
    expect((await shownFor(b.p.id)).map((r) => r.text)).toEqual([
      `${LAB_LABEL} no longer needed: the laboratory corrected the result to 120 mg/dL (normal) on 23 Nov 2026.`,
    ]);
  });

  /** Two results of the test that day: the laboratory's normal correction cannot tell which it replaces, and waits. */
  async function queuedCorrection() {
    const p = await makePatient();
    await postHl7(token, oru(controlId(), p.mrn, [tg(600, "F")]));
    await postHl7(token, oru(controlId(), p.mrn, [tg(700, "F")]));
    const [reviewed, wrong] = await liveTg(p.id);
    actAs(derm);
    await acknowledgeLabAction(IDLE, form({ labResultId: reviewed!.id, reviewAction: "REPEAT_TEST", repeatInDays: "14" }));
    const id = controlId();
    await postHl7(token, oru(id, p.mrn, [tg(120, "C")]));
    const entry = await db().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId: id } } });
    actAs(nurse);
    await correctLabResultAction(IDLE, form({ labResultId: wrong!.id, reason: "Another patient's sample" }));
    expect(await noticesOf(p.id)).toEqual([]);
    return { p, entry, request: await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } }) };
  }

  it("attached by a nurse: the nurse is told, and the dermatologists get a notice", async () => {
    const { p, entry, request } = await queuedCorrection();
    actAs(nurse);
    expect(await attachHl7ResultAction(IDLE, form({ entryId: entry.id, mrn: p.mrn, birthDate: "2000-01-01" }))).toMatchObject({ status: "ok" });
    expect((await noticesOf(p.id)).map((n) => [n.requestId, n.cause])).toEqual([[request.id, "LAB_CORRECTION"]]);
    expect((await shownFor(p.id)).map((r) => r.text)).toEqual([
      `${LAB_LABEL} no longer needed: the laboratory corrected the result to 120 mg/dL (normal) on 23 Nov 2026.`,
    ]);
  });

  it("attached by a dermatologist: told in the answer, so no notice", async () => {
    const { p, entry } = await queuedCorrection();
    actAs(derm);
    expect(await attachHl7ResultAction(IDLE, form({ entryId: entry.id, mrn: p.mrn, birthDate: "2000-01-01" }))).toEqual({
      status: "ok",
      message: `Result attached to the patient; their monitoring and alerts are up to date. ${LAB_LABEL}, asked for when the result was reviewed, is no longer listed under Monitoring: the corrected result is normal.`,
    });
    expect(await noticesOf(p.id)).toEqual([]);
  });
});

describe("a void by hand of a result reviewed with Repeat test", () => {
  const VOIDED = `Entry marked as entered in error. ${HAND_LABEL}, asked for when the result was reviewed, is no longer listed under Monitoring: the result is marked as entered in error.`;

  it("by a nurse: the answer says the repeat is no longer listed, and the dermatologists get a notice naming who and why", async () => {
    const { p, result, request } = await handResultWithRepeat();
    actAs(nurse);
    expect(await correctLabResultAction(IDLE, form({ labResultId: result.id, reason: "Wrong patient" }))).toEqual({ status: "ok", message: VOIDED });
    const [notice] = await noticesOf(p.id);
    expect(notice).toMatchObject({ requestId: request.id, cause: "VOID", correctionId: null });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.void", entityId: result.id } });
    expect(audit.changes).toMatchObject({ repeatsNoLongerListed: 1, repeatRequests: [request.id], repeatNotices: [notice!.id] });
    expect((await shownFor(p.id)).map((r) => r.text)).toEqual([
      `${HAND_LABEL} no longer listed: Nina Ruiz marked the result as entered in error on 23 Nov 2026 (Wrong patient).`,
    ]);
  });

  it("by a dermatologist: the answer says so, and no notice", async () => {
    const { p, result } = await handResultWithRepeat();
    actAs(derm);
    expect(await correctLabResultAction(IDLE, form({ labResultId: result.id, reason: "Wrong patient" }))).toEqual({ status: "ok", message: VOIDED });
    expect(await noticesOf(p.id)).toEqual([]);
  });

  it("by a nurse, once a later result completed the repeat: the answer says it, but nothing is left to tell anyone", async () => {
    const { p, test, result } = await handResultWithRepeat();
    actAs(nurse);
    await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: "2026-11-22", [`value:${test.id}`]: "140" }));
    expect(await correctLabResultAction(IDLE, form({ labResultId: result.id, reason: "Wrong patient" }))).toEqual({ status: "ok", message: VOIDED });
    expect(await noticesOf(p.id)).toEqual([]);
  });

  it("a nurse's normal correction by hand leaves a notice naming the nurse and the value", async () => {
    const { p, result } = await handResultWithRepeat();
    actAs(nurse);
    expect(await correctLabResultAction(IDLE, form({ labResultId: result.id, value: "120", reason: "Typing error" }))).toMatchObject({ status: "ok" });
    expect((await shownFor(p.id)).map((r) => r.text)).toEqual([
      `${HAND_LABEL} no longer needed: Nina Ruiz corrected the result to 120 mg/dL (normal) on 23 Nov 2026.`,
    ]);
  });
});
