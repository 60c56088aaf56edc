import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { importHl7FileAction } from "@/app/(portal)/labs/import/actions";
import { attachHl7ResultAction, dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { listHl7Queue } from "@/lib/data/hl7-queue";
import { importHl7File } from "@/lib/data/import-hl7";
import { getLabAlerts } from "@/lib/data/labs";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";

const db = () => testDb();

const controlId = () => `ST-${randomUUID().slice(0, 8)}`;

const patient = (pregnancyCategory: "CAN_BECOME_PREGNANT" | "CANNOT_BECOME_PREGNANT" = "CAN_BECOME_PREGNANT") => makePatient({ pregnancyCategory });

let token: string;
let interfaceId: string;
let nurse: { id: string };
let derm: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  derm = await makeUser("DERMATOLOGIST");
  ({ token, interfaceId } = await makeLabInterface(await makeUser("ADMIN"), "Status test lab"));
});

const post = (body: string) => postHl7(token, body);

const liveRows = (patientId: string) =>
  db().labResult.findMany({
    where: { patientId, voidedAt: null },
    orderBy: { enteredAt: "asc" },
    select: { id: true, code: true, valueNumeric: true, valueQualitative: true },
  });
const entriesOf = (id: string) => db().hl7QueueEntry.findMany({ where: { message: { controlId: id } }, orderBy: { createdAt: "asc" } });
const upload = () => ({ kind: "UPLOAD" as const, user: { id: nurse.id, role: "NURSE" as const } });

describe("a retracted (W) or deleted (D) result", () => {
  it("waits for review naming the status; on a pregnancy test only a dermatologist dismisses it", async () => {
    const p = await patient();
    expect((await post(oru(controlId(), p.mrn, [hcg("Negative", "F")]))).msa[2]).toBe("Imported: 1 results attached, 0 waiting for review.");
    const [negative] = await liveRows(p.id);

    const wrong = controlId();
    const w = await post(oru(wrong, p.mrn, [hcg("Negative", "W")]));
    expect([w.status, w.msa[0], w.msa[2]]).toEqual([200, "AA", "Imported: 0 results attached, 1 waiting for review (retracted)."]);
    const deleted = controlId();
    expect((await post(oru(deleted, p.mrn, [hcg("Negative", "D")]))).msa[2]).toBe("Imported: 0 results attached, 1 waiting for review (retracted).");
    const [retracted] = await entriesOf(wrong);
    const [removed] = await entriesOf(deleted);
    expect([retracted!.reason, retracted!.patientId, removed!.reason]).toEqual(["RETRACTED", p.id, "RETRACTED"]);
    expect(retracted!.detail).toMatch(
      /^The laboratory retracted this result as wrong \(OBX-11 W\)\. 1 current result of this test on 22 Nov 2026 is on the patient's chart/,
    );
    expect(removed!.detail).toMatch(/^The laboratory deleted this result \(OBX-11 D\)\./);
    // Not voided by the message: a person does that on the chart, the result stays until then.
    expect((await liveRows(p.id)).map((r) => r.id)).toEqual([negative!.id]);

    const queue = await listHl7Queue({ id: derm.id, role: "DERMATOLOGIST" });
    expect(queue.rows.find((r) => r.id === retracted!.id)).toMatchObject({ critical: true, patientId: p.id });

    actAs(nurse);
    expect(await attachHl7ResultAction(IDLE, form({ entryId: retracted!.id, mrn: p.mrn, birthDate: "2000-01-01" }))).toMatchObject({
      status: "error",
      message: expect.stringMatching(/^The laboratory retracted this result: it cannot be attached\./),
    });
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: retracted!.id, reason: "Voided on the chart" }))).toMatchObject({
      status: "error",
      message: expect.stringMatching(/^Only a dermatologist can dismiss a pregnancy test result/),
    });
    expect((await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: retracted!.id } })).status).toBe("PENDING");
    // Not dismissed while the negative it retracts is current; voided on the chart by the dermatologist, it is.
    actAs(derm);
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: retracted!.id, reason: "Seen" }))).toMatchObject({
      status: "error",
      message: expect.stringMatching(/^The laboratory retracted this result, and the result it names is still current on the patient's chart/),
    });
    expect(await correctLabResultAction(IDLE, form({ labResultId: negative!.id, reason: "Retracted by the laboratory" }))).toMatchObject({ status: "ok" });
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: retracted!.id, reason: "Voided on the chart" }))).toMatchObject({ status: "ok" });
  });

  it("is queued for a result of another test too, which a nurse may dismiss", async () => {
    const p = await patient("CANNOT_BECOME_PREGNANT");
    await post(oru(controlId(), p.mrn, [tg(600, "F")]));
    const [current] = await liveRows(p.id);
    const id = controlId();
    expect((await post(oru(id, p.mrn, [tg(600, "W")]))).msa[2]).toBe("Imported: 0 results attached, 1 waiting for review (retracted).");
    const [entry] = await entriesOf(id);
    expect(entry!.reason).toBe("RETRACTED");
    // Deleted without its value (OBX-5 empty): still queued, not refused.
    const noValue = controlId();
    expect((await post(oru(noValue, p.mrn, ["NM|2571-8^Triglyceride^LN|||mg/dL|||||D"]))).msa[2]).toBe(
      "Imported: 0 results attached, 1 waiting for review (retracted).",
    );
    const [deleted] = await entriesOf(noValue);
    expect(deleted!.detail).toBe(
      "The laboratory deleted this result (OBX-11 D). 1 current result of this test on 22 Nov 2026 is on the patient's chart: void the one retracted there, then dismiss this entry.",
    );
    actAs(nurse);
    expect(await correctLabResultAction(IDLE, form({ labResultId: current!.id, reason: "Retracted by the laboratory" }))).toMatchObject({ status: "ok" });
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: entry!.id, reason: "Voided on the chart" }))).toMatchObject({ status: "ok" });
  });
});

describe("a corrected result (C)", () => {
  it("replaces the one result it corrects, which is voided with the correction as its replacement and audited; alerts show only the correction", async () => {
    const p = await patient("CANNOT_BECOME_PREGNANT");
    await post(oru(controlId(), p.mrn, [tg(600, "F")]));
    const [original] = await liveRows(p.id);
    expect((await getLabAlerts({ role: "DERMATOLOGIST" }, 1000)).abnormal.map((a) => a.id)).toContain(original!.id);

    const id = controlId();
    const c = await post(oru(id, p.mrn, [tg(140, "C")]));
    expect([c.msa[0], c.msa[2]]).toEqual(["AA", "Imported: 1 results attached, 1 of them a correction, 0 waiting for review."]);
    const live = await liveRows(p.id);
    expect(live.map((r) => Number(r.valueNumeric))).toEqual([140]);
    const old = await db().labResult.findUniqueOrThrow({ where: { id: original!.id } });
    expect(old).toMatchObject({ replacedById: live[0]!.id, voidedByInterfaceId: interfaceId, voidedById: null });
    expect(old.voidReason).toBe(`Corrected by the laboratory (OBX-11 C, message ${id}).`);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.correct", entityId: original!.id } });
    expect([audit.actorId, audit.actorRole, audit.patientId]).toEqual([interfaceId, null, p.id]);
    expect(audit.changes).toMatchObject({ code: "2571-8", before: { value: 600 }, after: { id: live[0]!.id, value: 140 }, replacedById: live[0]!.id });
    const alerts = await getLabAlerts({ role: "DERMATOLOGIST" }, 1000);
    expect([...alerts.abnormal, ...alerts.critical].filter((a) => a.patientId === p.id)).toEqual([]);
  });

  it("of a result recorded twice (by hand, then the laboratory's copy) replaces that one result with its copy: the corrected value is current and alerts", async () => {
    const p = await patient("CANNOT_BECOME_PREGNANT");
    const tgTest = await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
    // The faxed report typed in by hand, then the same result received from the laboratory: one result, the
    // laboratory's row naming the hand entry (README "A result recorded twice counts once").
    actAs(nurse);
    const typed = await recordLabPanelAction(
      IDLE,
      form({ patientId: p.id, submissionId: randomUUID(), specimenDate: "2026-11-22", [`value:${tgTest.id}`]: "180" }),
    );
    expect(typed).toMatchObject({ status: "ok" });
    const hand = await db().labResult.findFirstOrThrow({ where: { patientId: p.id } });
    await post(oru(controlId(), p.mrn, [tg(180, "F")]));
    const copy = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, id: { not: hand.id } } });
    expect(copy.duplicateOfId).toBe(hand.id);

    // The laboratory corrects it to 850 mg/dL: critical (>= 800).
    const id = controlId();
    expect((await post(oru(id, p.mrn, [tg(850, "C")]))).msa[2]).toBe("Imported: 1 results attached, 1 of them a correction, 0 waiting for review.");
    const live = await db().labResult.findMany({ where: { patientId: p.id, voidedAt: null } });
    expect(live.map((r) => [Number(r.valueNumeric), r.flag, r.duplicateOfId])).toEqual([[850, "CRITICAL", null]]);
    // Both rows of the 180 voided by the interface for the message's reason; the hand entry names the correction.
    const reason = `Corrected by the laboratory (OBX-11 C, message ${id}).`;
    expect(await db().labResult.findUniqueOrThrow({ where: { id: hand.id } })).toMatchObject({
      voidReason: reason,
      voidedByInterfaceId: interfaceId,
      replacedById: live[0]!.id,
    });
    expect(await db().labResult.findUniqueOrThrow({ where: { id: copy.id } })).toMatchObject({
      voidReason: reason,
      voidedByInterfaceId: interfaceId,
      replacedById: null,
    });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.correct", entityId: hand.id } });
    expect(audit.changes).toMatchObject({ before: { value: 180 }, after: { value: 850 }, copies: { voided: [copy.id] } });
    expect((await getLabAlerts({ role: "DERMATOLOGIST" }, 10_000)).critical.filter((a) => a.patientId === p.id).map((a) => a.id)).toEqual([live[0]!.id]);
    expect(await db().hl7QueueEntry.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("uploaded by a nurse, names the nurse as who voided the original", async () => {
    const p = await patient("CANNOT_BECOME_PREGNANT");
    await importHl7File(upload(), oru(controlId(), p.mrn, [tg(600, "F")]), TODAY);
    const out = await importHl7File(upload(), oru(controlId(), p.mrn, [tg(160, "C")]), TODAY);
    expect(out.messages.map((m) => [m.status, m.attached, m.corrected, m.queued])).toEqual([["IMPORTED", 1, 1, 0]]);
    const voided = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, voidedAt: { not: null } } });
    expect([Number(voided.valueNumeric), voided.voidedById, voided.voidedByInterfaceId]).toEqual([600, nurse.id, null]);
  });

  it("waits for review when no current result or several match it; attached, it replaces the one left or stands alone", async () => {
    const alone = await patient("CANNOT_BECOME_PREGNANT");
    const none = controlId();
    expect((await post(oru(none, alone.mrn, [tg(160, "C")]))).msa[2]).toBe("Imported: 0 results attached, 1 waiting for review (correction).");
    const [noMatch] = await entriesOf(none);
    expect([noMatch!.reason, noMatch!.detail]).toEqual([
      "CORRECTION",
      "The laboratory corrected a result (OBX-11 C), but no current result of this test on 22 Nov 2026 is on the patient's chart to replace.",
    ]);
    expect(await liveRows(alone.id)).toEqual([]);
    actAs(nurse);
    expect(await attachHl7ResultAction(IDLE, form({ entryId: noMatch!.id, mrn: alone.mrn, birthDate: "2000-01-01" }))).toMatchObject({ status: "ok" });
    expect((await liveRows(alone.id)).map((r) => Number(r.valueNumeric))).toEqual([160]);

    const two = await patient("CANNOT_BECOME_PREGNANT");
    await post(oru(controlId(), two.mrn, [tg(600, "F")]));
    await post(oru(controlId(), two.mrn, [tg(700, "F")]));
    const several = controlId();
    await post(oru(several, two.mrn, [tg(160, "C")]));
    const [ambiguous] = await entriesOf(several);
    expect([ambiguous!.reason, ambiguous!.detail]).toEqual([
      "CORRECTION",
      "The laboratory corrected a result (OBX-11 C), but 2 current results of this test on 22 Nov 2026 are on the patient's chart: which one it replaces is not known.",
    ]);
    expect((await liveRows(two.id)).map((r) => Number(r.valueNumeric))).toEqual([600, 700]);
    const refused = await attachHl7ResultAction(IDLE, form({ entryId: ambiguous!.id, mrn: two.mrn, birthDate: "2000-01-01" }));
    expect(refused).toMatchObject({
      status: "error",
      message: expect.stringMatching(/^2 current results of this test on 22 Nov 2026 are on the patient's chart/),
    });
    // The wrong one voided on the chart, the correction replaces the other.
    const [first] = await liveRows(two.id);
    await db().labResult.update({ where: { id: first!.id }, data: { voidedAt: new Date(), voidedById: nurse.id, voidReason: "Wrong sample" } });
    expect(await attachHl7ResultAction(IDLE, form({ entryId: ambiguous!.id, mrn: two.mrn, birthDate: "2000-01-01" }))).toMatchObject({ status: "ok" });
    const live = await liveRows(two.id);
    expect(live.map((r) => Number(r.valueNumeric))).toEqual([160]);
    expect(await db().labResult.count({ where: { patientId: two.id, replacedById: live[0]!.id, voidedById: nurse.id } })).toBe(1);
  });

  it("of a pregnancy test: a positive replaces the negative at once; a negative waits for a dermatologist", async () => {
    const p = await patient();
    await post(oru(controlId(), p.mrn, [hcg("Negative", "F")]));
    expect((await post(oru(controlId(), p.mrn, [hcg("Positive", "C")]))).msa[2]).toBe(
      "Imported: 1 results attached, 1 of them a correction, 0 waiting for review.",
    );
    expect((await liveRows(p.id)).map((r) => r.valueQualitative)).toEqual(["POSITIVE"]);
    expect((await getLabAlerts({ role: "DERMATOLOGIST" }, 1000)).critical.filter((a) => a.patientId === p.id)).toHaveLength(1);

    const q = await patient();
    await post(oru(controlId(), q.mrn, [hcg("Positive", "F")]));
    const id = controlId();
    expect((await post(oru(id, q.mrn, [hcg("Negative", "C")]))).msa[2]).toBe("Imported: 0 results attached, 1 waiting for review (correction).");
    const [entry] = await entriesOf(id);
    expect(entry!.detail).toMatch(/a negative pregnancy test replaces the current one only by a dermatologist's decision/);
    expect((await liveRows(q.id)).map((r) => r.valueQualitative)).toEqual(["POSITIVE"]);
    actAs(nurse);
    expect(await attachHl7ResultAction(IDLE, form({ entryId: entry!.id, mrn: q.mrn, birthDate: "2000-01-01" }))).toMatchObject({
      status: "error",
      message: "Only a dermatologist can void or correct a pregnancy test result.",
    });
    actAs(derm);
    expect(await attachHl7ResultAction(IDLE, form({ entryId: entry!.id, mrn: q.mrn, birthDate: "2000-01-01" }))).toMatchObject({ status: "ok" });
    expect((await liveRows(q.id)).map((r) => r.valueQualitative)).toEqual(["NEGATIVE"]);
  });
});

describe("a preliminary (P) or other not final result", () => {
  it("is queued, not recorded; a preliminary positive pregnancy test is critical and only a dermatologist dismisses it", async () => {
    const p = await patient();
    const prelim = controlId();
    const other = controlId();
    expect((await post(oru(prelim, p.mrn, [hcg("Positive", "P"), tg(300, "P")]))).msa[2]).toBe(
      "Imported: 0 results attached, 2 waiting for review (preliminary).",
    );
    expect((await post(oru(other, p.mrn, [tg(300, "X")]))).msa[2]).toBe("Imported: 0 results attached, 1 waiting for review (not final).");
    expect(await liveRows(p.id)).toEqual([]);
    const [positive, lipid] = await entriesOf(prelim);
    const [cannot] = await entriesOf(other);
    expect([positive!.reason, lipid!.reason, cannot!.reason]).toEqual(["PRELIMINARY", "PRELIMINARY", "NOT_FINAL"]);
    expect(cannot!.detail).toMatch(/^The result's status is X \(OBX-11\), not final/);

    const queue = await listHl7Queue({ id: nurse.id, role: "NURSE" });
    const shown = (id: string) => queue.rows.find((r) => r.id === id);
    expect([shown(positive!.id)?.critical, shown(lipid!.id)?.critical]).toEqual([true, false]);
    // Critical entries come first.
    expect(queue.rows.findIndex((r) => r.id === positive!.id)).toBeLessThan(queue.rows.findIndex((r) => !r.critical));

    actAs(nurse);
    expect(await attachHl7ResultAction(IDLE, form({ entryId: lipid!.id, mrn: p.mrn, birthDate: "2000-01-01" }))).toMatchObject({
      status: "error",
      message: expect.stringMatching(/^A preliminary result is not recorded/),
    });
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: lipid!.id, reason: "Final result to follow" }))).toMatchObject({ status: "ok" });
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: positive!.id, reason: "Final result to follow" }))).toMatchObject({ status: "error" });
    actAs(derm);
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: positive!.id, reason: "Patient called in, repeat test booked" }))).toMatchObject({
      status: "ok",
    });
  });
});

describe("a queued pregnancy test (unknown MRN, date of birth mismatch)", () => {
  it("that is not a final negative is dismissed only by a dermatologist; a nurse still attaches it to the right patient", async () => {
    const positive = controlId();
    await post(oru(positive, `NOBODY-${positive}`, [hcg("Positive", "F")]));
    const negative = controlId();
    await post(oru(negative, `NOBODY-${negative}`, [hcg("Negative", "F")]));
    const [pos] = await entriesOf(positive);
    const [neg] = await entriesOf(negative);
    expect([pos!.reason, neg!.reason]).toEqual(["UNMATCHED", "UNMATCHED"]);
    actAs(nurse);
    const refused = await dismissHl7ResultAction(IDLE, form({ entryId: pos!.id, reason: "Not our patient" }));
    expect(refused).toMatchObject({ status: "error", message: expect.stringMatching(/^Only a dermatologist can dismiss a pregnancy test result/) });
    expect((await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: pos!.id } })).status).toBe("PENDING");
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: neg!.id, reason: "Not our patient" }))).toMatchObject({ status: "ok" });
    const p = await patient();
    expect(await attachHl7ResultAction(IDLE, form({ entryId: pos!.id, mrn: p.mrn, birthDate: "2000-01-01" }))).toMatchObject({ status: "ok" });
    expect((await liveRows(p.id)).map((r) => r.valueQualitative)).toEqual(["POSITIVE"]);
  });
});

describe("a message with a NUL character", () => {
  it("is answered AE naming the field, with its control id, audited, and nothing of it written", async () => {
    const before = { messages: await db().hl7Message.count(), queue: await db().hl7QueueEntry.count() };
    const id = controlId();
    const body = oru(id, "ST-NUL", [tg(600, "F")]).replace("Doe^Jane", "Doe\u0000^Jane");
    const answer = await post(body);
    expect([answer.status, ...answer.msa]).toEqual([200, "AE", id, "PID segment 1: PID-5 has a control character (0x00), not allowed in HL7 v2."]);
    expect(answer.err).toBe("ERR||PID^1^5|102^Data type error^HL70357|E||||PID segment 1: PID-5 has a control character (0x00), not allowed in HL7 v2.");
    expect({ messages: await db().hl7Message.count(), queue: await db().hl7QueueEntry.count() }).toEqual(before);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.message_reject", actorId: interfaceId }, orderBy: { id: "desc" } });
    expect(audit.changes).toMatchObject({ controlId: id, via: "INTERFACE" });
  });

  it("in an uploaded file is refused on its own; the file's other messages are imported", async () => {
    const p = await patient("CANNOT_BECOME_PREGNANT");
    const bad = controlId();
    const good = controlId();
    const file = [oru(bad, p.mrn, [tg(600, "F")]).replace("Doe^Jane", "Doe\u0000^Jane"), oru(good, p.mrn, [tg(140, "F")])].join("\r");
    const fd = new FormData();
    fd.append("file", new File([new TextEncoder().encode(file)], "results.hl7", { type: "text/plain" }));
    actAs(nurse);
    const state = await importHl7FileAction(IDLE, fd);
    expect(state).toMatchObject({ status: "ok", message: "2 messages: 1 imported, 0 already imported, 1 refused." });
    expect((state as { hl7: { controlId: string; status: string; error?: string }[] }).hl7.map((o) => [o.controlId, o.status, o.error])).toEqual([
      [bad, "REJECTED", "PID segment 1: PID-5 has a control character (0x00), not allowed in HL7 v2."],
      [good, "IMPORTED", undefined],
    ]);
  });
});

describe("timestamps with an offset", () => {
  it("are dated on the clinic's calendar: 03:30 UTC on 23 Nov is 22 Nov in New York", async () => {
    const p = await patient("CANNOT_BECOME_PREGNANT");
    await importHl7File(upload(), oru(controlId(), p.mrn, [`${tg(140, "F")}|||202611230330+0000`], { obr: "202611230330+0000" }), TODAY);
    const [row] = await db().labResult.findMany({ where: { patientId: p.id } });
    expect(row!.specimenDate.toISOString().slice(0, 10)).toBe("2026-11-22");
  });
});
