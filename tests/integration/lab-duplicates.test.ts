import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Tx } from "@/lib/db";
import { correctLabResult } from "@/lib/data/correct-records";
import { importHl7File } from "@/lib/data/import-hl7";
import { acknowledgeLab, getLabAlerts, recordLabPanel } from "@/lib/data/labs";
import { lockPatient } from "@/lib/data/locks";
import { getPatientHeader } from "@/lib/data/patient-header";
import { recentLabsToConfirm } from "@/lib/data/recent-labs";
import { duplicateCode } from "@/lib/data/save-lab-rows";
import { tokenFor } from "./confirmations";
import { CLINICIAN, makePatient, makeUser, pregnancyTest, testDb, TODAY, until } from "./helpers";

/**
 * The same result recorded more than once (by hand and by the lab's HL7 message, say) is one result: the
 * copies name the first (duplicate_of_id) and only that one is counted. A live result counts unless it
 * duplicates another live result: voiding the one the copies name hands its place to the oldest live copy.
 */
const db = () => testDb();
const SPECIMEN = "2026-11-20";
const actor = (u: { id: string; role: "NURSE" | "DERMATOLOGIST" }) => ({ id: u.id, role: u.role });

async function tgTestId() {
  return (await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } })).id;
}

/** A nurse records TG 900 mg/dL (critical) for SPECIMEN; `again` confirms it as a deliberate repeat. */
async function nurseRecordsTg(nurse: { id: string; role: "NURSE" }, patientId: string, again = false) {
  const labTestId = await tgTestId();
  await recordLabPanel(
    actor(nurse),
    {
      patientId,
      submissionId: randomUUID(),
      specimenDate: SPECIMEN,
      values: [{ labTestId, value: "900" }],
      ack: again ? [tokenFor(duplicateCode(labTestId), "Triglycerides: the same result (900 mg/dL, 20 Nov 2026) is already recorded. Record it again?")] : [],
    },
    TODAY,
  );
}

/** The laboratory's message with the same TG 900 for SPECIMEN, uploaded by the nurse. */
async function labSendsTg(nurse: { id: string; role: "NURSE" }, patient: { mrn: string }) {
  const message = [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|MSG-${randomUUID().slice(0, 8)}|P|2.5.1`,
    `PID|1||${patient.mrn}^^^CLINIC^MR||Patient^Test||20000101|F`,
    "OBR|1||ORD1|57698-3^Lipid panel^LN|||202611200800",
    "OBX|1|NM|2571-8^Triglyceride^LN||900|mg/dL|0-150|HH|||F",
  ].join("\r");
  const out = await importHl7File({ kind: "UPLOAD", user: actor(nurse) }, message, TODAY);
  expect(out.messages.map((m) => [m.status, m.attached])).toEqual([["IMPORTED", 1]]);
}

const tgRows = (patientId: string) => db().labResult.findMany({ where: { patientId, analyte: "TG" }, orderBy: [{ enteredAt: "asc" }, { id: "asc" }] });
const criticalAlertsOf = async (patientId: string) => (await getLabAlerts(CLINICIAN, 1000)).critical.filter((a) => a.patientId === patientId).map((a) => a.id);
const headerAlertsOf = async (patientId: string) => (await getPatientHeader(CLINICIAN, patientId, TODAY))!.clinical!.criticalAlerts.map((a) => a.id);
const VOID = "Duplicate: the lab sent it electronically";

async function nurseAndLabRecordTg() {
  const nurse = { ...(await makeUser("NURSE")), role: "NURSE" as const };
  const derm = { ...(await makeUser("DERMATOLOGIST")), role: "DERMATOLOGIST" as const };
  const p = await makePatient();
  await nurseRecordsTg(nurse, p.id);
  await labSendsTg(nurse, p);
  const [byHand, fromLab] = (await tgRows(p.id)) as [Awaited<ReturnType<typeof tgRows>>[number], Awaited<ReturnType<typeof tgRows>>[number]];
  expect([byHand.flag, fromLab.flag, byHand.duplicateOfId, fromLab.duplicateOfId]).toEqual(["CRITICAL", "CRITICAL", null, byHand.id]);
  return { nurse, derm, p, byHand, fromLab };
}

describe("a result recorded twice, once voided", () => {
  it("the critical TG stays on the alert list and in the header when the hand entry it was received after is voided", async () => {
    const { nurse, derm, p, byHand, fromLab } = await nurseAndLabRecordTg();
    expect(await criticalAlertsOf(p.id)).toEqual([byHand.id]);
    const countBefore = (await getLabAlerts(CLINICIAN, 1000)).criticalCount;

    expect(await correctLabResult(actor(nurse), { labResultId: byHand.id, reason: VOID }, TODAY)).toEqual({ kind: "voided", repeats: null });

    // The lab's copy is now the result: still one critical result to review, on the list and in the header.
    expect(await criticalAlertsOf(p.id)).toEqual([fromLab.id]);
    expect((await getLabAlerts(CLINICIAN, 1000)).criticalCount).toBe(countBefore);
    expect(await headerAlertsOf(p.id)).toEqual([fromLab.id]);
    expect((await db().labResult.findUniqueOrThrow({ where: { id: fromLab.id } })).duplicateOfId).toBeNull();
    // A course started today is warned about it.
    const warning = await db().$transaction((tx) => recentLabsToConfirm(tx, p.id, TODAY, TODAY));
    expect(warning?.message).toContain("Triglycerides");
    // The void's audit row says which copy took the voided entry's place.
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "lab.void" } });
    expect(audit.changes).toMatchObject({ reason: VOID, copies: { original: fromLab.id, repointed: [], reviewCarriedOver: false } });

    // Reviewing it clears it.
    await acknowledgeLab(actor(derm), fromLab.id);
    expect(await criticalAlertsOf(p.id)).toEqual([]);
    expect(await headerAlertsOf(p.id)).toEqual([]);
  });

  it("three copies: voiding the first, then the second, leaves the third counted once", async () => {
    const { nurse, p, byHand, fromLab } = await nurseAndLabRecordTg();
    await nurseRecordsTg(nurse, p.id, true);
    const third = (await tgRows(p.id))[2]!;
    expect(third.duplicateOfId).toBe(byHand.id);
    expect(await criticalAlertsOf(p.id)).toEqual([byHand.id]);
    expect(await headerAlertsOf(p.id)).toEqual([byHand.id]);

    await correctLabResult(actor(nurse), { labResultId: byHand.id, reason: VOID }, TODAY);
    // The oldest live copy is the result; the other names it.
    expect((await tgRows(p.id)).map((r) => [r.id, r.voidedAt !== null, r.duplicateOfId])).toEqual([
      [byHand.id, true, null],
      [fromLab.id, false, null],
      [third.id, false, fromLab.id],
    ]);
    expect(await criticalAlertsOf(p.id)).toEqual([fromLab.id]);
    expect(await headerAlertsOf(p.id)).toEqual([fromLab.id]);
    const first = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "lab.void", entityId: byHand.id } });
    expect(first.changes).toMatchObject({ copies: { original: fromLab.id, repointed: [third.id], reviewCarriedOver: false } });

    await correctLabResult(actor(nurse), { labResultId: fromLab.id, reason: "Sent twice" }, TODAY);
    expect((await db().labResult.findUniqueOrThrow({ where: { id: third.id } })).duplicateOfId).toBeNull();
    expect(await criticalAlertsOf(p.id)).toEqual([third.id]);
    expect(await headerAlertsOf(p.id)).toEqual([third.id]);

    // Voiding a copy changes nothing for the others.
    await nurseRecordsTg(nurse, p.id, true);
    const fourth = (await tgRows(p.id))[3]!;
    expect(fourth.duplicateOfId).toBe(third.id);
    await correctLabResult(actor(nurse), { labResultId: fourth.id, reason: "Typed twice" }, TODAY);
    expect(await criticalAlertsOf(p.id)).toEqual([third.id]);
    const last = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "lab.void", entityId: fourth.id } });
    expect(last.changes).not.toHaveProperty("copies");
  });

  it("a correction of the entry the copies name replaces the result: its copies are voided with it, so the old value does not come back", async () => {
    const { nurse, p, byHand, fromLab } = await nurseAndLabRecordTg();
    expect(await correctLabResult(actor(nurse), { labResultId: byHand.id, value: "90", reason: "Typing error" }, TODAY)).toEqual({
      kind: "corrected",
      repeats: null,
    });
    // The result is 90 (normal): the 900 is voided in every row that recorded it, the hand entry naming the correction.
    const rows = await tgRows(p.id);
    const corrected = rows.find((r) => r.voidedAt === null)!;
    expect(rows.map((r) => [r.id, Number(r.valueNumeric), r.voidedAt !== null, r.voidReason, r.voidedById, r.replacedById])).toEqual([
      [byHand.id, 900, true, "Typing error", nurse.id, corrected.id],
      [fromLab.id, 900, true, "Typing error", nurse.id, null],
      [corrected.id, 90, false, null, null, null],
    ]);
    expect([corrected.flag, corrected.duplicateOfId]).toEqual(["NORMAL", null]);
    expect(await criticalAlertsOf(p.id)).toEqual([]);
    expect(await headerAlertsOf(p.id)).toEqual([]);
    // One audit row: the correction, naming the copy it voided.
    const audits = await db().auditEvent.findMany({ where: { patientId: p.id, action: { in: ["lab.correct", "lab.void"] } } });
    expect(audits.map((a) => [a.action, a.entityId])).toEqual([["lab.correct", byHand.id]]);
    expect(audits[0]!.changes).toMatchObject({ reason: "Typing error", replacedById: corrected.id, copies: { voided: [fromLab.id] } });
  });

  it("a review of the voided entry stays with the result: its copy received after the review does not come back to the list", async () => {
    const nurse = { ...(await makeUser("NURSE")), role: "NURSE" as const };
    const derm = { ...(await makeUser("DERMATOLOGIST")), role: "DERMATOLOGIST" as const };
    const p = await makePatient();
    await nurseRecordsTg(nurse, p.id);
    const [byHand] = await tgRows(p.id);
    await acknowledgeLab(actor(derm), { labResultId: byHand!.id, reviewAction: "REPEAT_TEST", note: "Repeat fasting" });
    // The lab's message arrives after the review: a copy, not reviewed itself.
    await labSendsTg(nurse, p);
    const fromLab = (await tgRows(p.id))[1]!;
    expect([fromLab.duplicateOfId, fromLab.acknowledgedAt]).toEqual([byHand!.id, null]);
    expect(await criticalAlertsOf(p.id)).toEqual([]);

    await correctLabResult(actor(nurse), { labResultId: byHand!.id, reason: VOID }, TODAY);
    const now = await db().labResult.findUniqueOrThrow({ where: { id: fromLab.id } });
    const reviewed = await db().labResult.findUniqueOrThrow({ where: { id: byHand!.id } });
    expect(now).toMatchObject({
      duplicateOfId: null,
      acknowledgedAt: reviewed.acknowledgedAt,
      acknowledgedById: derm.id,
      reviewAction: "REPEAT_TEST",
      reviewNote: "Repeat fasting",
    });
    expect(await criticalAlertsOf(p.id)).toEqual([]);
    expect(await headerAlertsOf(p.id)).toEqual([]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "lab.void" } });
    expect(audit.changes).toMatchObject({ copies: { original: fromLab.id, repointed: [], reviewCarriedOver: true } });
  });
});

describe("the patient header", () => {
  it("counts a result recorded again once, as the alert list does", async () => {
    const nurse = { ...(await makeUser("NURSE")), role: "NURSE" as const };
    const p = await makePatient();
    await nurseRecordsTg(nurse, p.id);
    await nurseRecordsTg(nurse, p.id, true);
    await labSendsTg(nurse, p);
    const [first] = await tgRows(p.id);
    expect(await criticalAlertsOf(p.id)).toEqual([first!.id]);
    expect(await headerAlertsOf(p.id)).toEqual([first!.id]);
  });
});

/** Backends waiting for a lock that one of these backends holds (or waits for ahead of them). */
async function waitingBehind(pids: number[]) {
  const rows = await db().$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE pg_blocking_pids(pid) && ${pids}::int[]`;
  return rows.map((r) => r.pid);
}

/**
 * Holds the patient's lock (lib/data/locks.ts) in a transaction of its own until `release` is called, then
 * runs `beforeCommit` in it; `pid` is its backend's.
 */
async function holdPatientLock(patientId: string, beforeCommit: (tx: Tx) => Promise<unknown> = async () => {}) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held!: (pid: number) => void;
  const pid = new Promise<number>((r) => (held = r));
  const done = db().$transaction(
    async (tx) => {
      await lockPatient(tx, patientId);
      const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      held(row!.pid);
      await released;
      await beforeCommit(tx);
    },
    { timeout: 20_000 },
  );
  return { pid: await pid, release, done };
}

describe("voids racing other writes of the patient", () => {
  it("a copy received while its original is being voided becomes the result: counted once, never hidden", async () => {
    const nurse = { ...(await makeUser("NURSE")), role: "NURSE" as const };
    const p = await makePatient();
    await nurseRecordsTg(nurse, p.id);
    const [byHand] = await tgRows(p.id);

    const holder = await holdPatientLock(p.id);
    // The void waits for the patient's lock...
    const voiding = correctLabResult(actor(nurse), { labResultId: byHand!.id, reason: VOID }, TODAY);
    let voider = 0;
    await until(async () => (voider = (await waitingBehind([holder.pid]))[0] ?? 0) > 0, "the void to wait for the patient's lock");
    // ...and the laboratory's copy, which found the hand entry current, waits behind it.
    const receiving = labSendsTg(nurse, p);
    await until(async () => (await waitingBehind([holder.pid, voider])).some((pid) => pid !== voider), "the import to wait for the patient's lock");
    holder.release();
    await holder.done;
    expect(await voiding).toEqual({ kind: "voided", repeats: null });
    await receiving;

    const fromLab = (await tgRows(p.id))[1]!;
    expect([fromLab.voidedAt, fromLab.duplicateOfId]).toEqual([null, null]);
    expect(await criticalAlertsOf(p.id)).toEqual([fromLab.id]);
    expect(await headerAlertsOf(p.id)).toEqual([fromLab.id]);
  });

  it("a pregnancy test is not voided once a decision documented meanwhile rests on it", async () => {
    const derm = { ...(await makeUser("DERMATOLOGIST")), role: "DERMATOLOGIST" as const };
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const positive = await pregnancyTest(p.id, "2026-11-20", derm.id, "POSITIVE");
    await pregnancyTest(p.id, "2026-11-22", derm.id, "NEGATIVE");

    // The decision's transaction holds the patient's lock and documents its decision on the test.
    const decision = await holdPatientLock(p.id, (tx) =>
      tx.pregnancyDecision.create({
        data: {
          patientId: p.id,
          labResultId: positive.id,
          outcome: "FALSE_POSITIVE",
          reason: "Serum test negative",
          decidedOn: new Date(`${TODAY}T00:00:00Z`),
          decidedById: derm.id,
        },
      }),
    );
    const voiding = correctLabResult(actor(derm), { labResultId: positive.id, reason: "Entered on the wrong patient" }, TODAY).then(
      () => null,
      (e: Error) => e,
    );
    await until(async () => (await waitingBehind([decision.pid])).length > 0, "the void to wait for the patient's lock");
    decision.release();
    await decision.done;
    expect((await voiding)?.message).toBe("A decision is documented on this pregnancy test, so it cannot be voided or corrected.");
    expect((await db().labResult.findUniqueOrThrow({ where: { id: positive.id } })).voidedAt).toBeNull();
    expect(await db().auditEvent.count({ where: { patientId: p.id, action: "lab.void" } })).toBe(0);
  });
});
