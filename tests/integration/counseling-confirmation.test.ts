import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordContraceptionAction, recordCounselingAction, voidContraceptionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { lockPatient } from "@/lib/data/locks";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, CLINICIAN, countRows, form, makePatient, makeUser, readyForFirstPrescription, testDb, TODAY, until } from "./helpers";
import { courseForm } from "./pregnancy-fixture";

/**
 * The contraception in use confirmed with the patient at a counseling, through the actions, on a real
 * database (today: 23 Nov 2026). The patient took the pill with condoms from 1 Oct, then an IUD with condoms
 * from 15 Nov (the pill's record ends on 14 Nov).
 */
const today = TODAY;
const db = () => testDb();
const PILL = "Combined oral contraceptive pill + Male latex condom";
const IUD = "Intrauterine device (IUD) + Male latex condom";
const DENIED = { status: "error", message: "You do not have permission to do this." };

async function patientWithTwoRecords() {
  const [derm, nurse] = [await makeUser("DERMATOLOGIST"), await makeUser("NURSE")];
  const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  actAs(nurse);
  for (const [firstMethod, startDate] of [
    ["COMBINED_PILL", "2026-10-01"],
    ["IUD", "2026-11-15"],
  ] as const)
    expect(
      await recordContraceptionAction(IDLE, form({ patientId: p.id, method: "TWO_METHODS", firstMethod, secondMethod: "MALE_CONDOM", startDate })),
    ).toMatchObject({
      status: "ok",
    });
  const byMethods = async (methods: string) => (await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id, methods } })).id;
  actAs(derm);
  return { derm, nurse, p, pill: await byMethods(PILL), iud: await byMethods(IUD) };
}

const counsel = (patientId: string, counseledOn: string, confirmedContraceptionId?: string) =>
  recordCounselingAction(IDLE, form({ patientId, counseledOn, confirmationNumber: "", ...(confirmedContraceptionId ? { confirmedContraceptionId } : {}) }));

/** Every row the refused writes could have left. */
const counselingRows = () => db().pregnancyCounseling.count();

describe("a counseling that confirms the contraception in use", () => {
  it("stores the record confirmed, writes one audit row with it, and lists the counseling with its methods", async () => {
    const { derm, p, pill, iud } = await patientWithTwoRecords();
    const before = await countRows();
    expect(await counsel(p.id, today, iud)).toEqual({ status: "ok", message: "Counseling recorded." });
    const row = await db().pregnancyCounseling.findFirstOrThrow({ where: { patientId: p.id } });
    expect([row.counseledOn.toISOString().slice(0, 10), row.confirmedContraceptionId, row.recordedById]).toEqual([today, iud, derm.id]);
    expect(await countRows()).toEqual({ ...before, audits: before.audits + 1 });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "pregnancy.counseling", entityId: row.id } });
    expect([audit.patientId, audit.actorId, audit.changes]).toEqual([p.id, derm.id, { counseledOn: today, confirmedContraceptionId: iud }]);

    // Back-dated to 10 Nov, the pill was in use: it is the one confirmed. Without the box ticked, none is.
    expect(await counsel(p.id, "2026-11-10", pill)).toMatchObject({ status: "ok" });
    expect(await counsel(p.id, "2026-11-01")).toMatchObject({ status: "ok" });
    const listed = (await getPregnancyOverview(CLINICIAN, p.id, today))!.clinical!.counseling;
    expect(listed.map((k) => [k.counseledOn, k.confirmedMethods])).toEqual([
      [today, IUD],
      ["2026-11-10", PILL],
      ["2026-11-01", null],
    ]);
    const plain = await db().auditEvent.findFirstOrThrow({
      where: { action: "pregnancy.counseling", patientId: p.id, changes: { path: ["counseledOn"], equals: "2026-11-01" } },
    });
    expect(plain.changes).toEqual({ counseledOn: "2026-11-01", confirmedContraceptionId: null });
  });

  it("a counseling whose confirmed record is voided since is listed with the record marked as voided, as it confirms nothing now", async () => {
    const { p, iud } = await patientWithTwoRecords();
    expect(await counsel(p.id, today, iud)).toMatchObject({ status: "ok" });
    const counseling = async () =>
      (await getPregnancyOverview(CLINICIAN, p.id, today))!.clinical!.counseling.map((k) => [k.confirmedMethods, k.confirmedVoided]);
    expect(await counseling()).toEqual([[IUD, false]]);
    expect(await voidContraceptionAction(IDLE, form({ patientId: p.id, recordId: iud, reason: "Wrong methods" }))).toMatchObject({ status: "ok" });
    expect(await counseling()).toEqual([[IUD, true]]);
  });

  it("refuses a record that is voided, not the patient's, unknown, or not in use on the counseling day, with the reason, and writes nothing", async () => {
    const { derm, p, pill, iud } = await patientWithTwoRecords();
    const other = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const theirs = await db().contraceptionRecord.create({
      data: { patientId: other.id, method: "ABSTINENCE", methods: "Committed abstinence", startDate: new Date("2026-01-01T00:00:00Z"), recordedById: derm.id },
    });
    const voided = await db().contraceptionRecord.create({
      data: {
        ...{ patientId: p.id, method: "ABSTINENCE", methods: "Committed abstinence", startDate: new Date("2026-11-15T00:00:00Z"), recordedById: derm.id },
        ...{ voidedAt: new Date(), voidedById: derm.id, voidReason: "Wrong patient" },
      },
    });
    const NOT_ON_FILE = "That contraception record is not on this patient's file. Reload the page to see the latest entries.";
    const cases: [string, string, string][] = [
      [today, voided.id, "That contraception record was marked as entered in error and cannot be confirmed. Reload the page to see the latest entries."],
      [today, theirs.id, NOT_ON_FILE],
      [today, randomUUID(), NOT_ON_FILE],
      [
        today,
        pill,
        "That contraception record is in use from 1 Oct 2026 to 14 Nov 2026, not on 23 Nov 2026: confirm the contraception in use on the day of the counseling.",
      ],
      [
        "2026-11-10",
        iud,
        "That contraception record is in use from 15 Nov 2026, not on 10 Nov 2026: confirm the contraception in use on the day of the counseling.",
      ],
      [today, "not-an-id", "Not a valid id."],
    ];
    const before = [await countRows(), await counselingRows()];
    for (const [counseledOn, id, message] of cases) {
      expect(await counsel(p.id, counseledOn, id), id).toMatchObject({ status: "error", fieldErrors: { confirmedContraceptionId: [message] } });
    }
    expect([await countRows(), await counselingRows()]).toEqual(before);
  });

  it("only a dermatologist records counseling: a nurse, office staff and an administrator are refused and nothing is written", async () => {
    const { nurse, p, iud } = await patientWithTwoRecords();
    const users = { NURSE: nurse, STAFF: await makeUser("STAFF"), ADMIN: await makeUser("ADMIN") };
    const before = [await countRows(), await counselingRows()];
    for (const user of Object.values(users)) {
      actAs(user);
      expect(await counsel(p.id, today, iud), user.role).toEqual(DENIED);
    }
    expect([await countRows(), await counselingRows()]).toEqual(before);
  });

  it("a void of the record that commits first, holding the patient's lock, is seen: the confirmation is refused", async () => {
    const { derm, p, iud } = await patientWithTwoRecords();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held!: (pid: number) => void;
    const pid = new Promise<number>((r) => (held = r));
    const voiding = db().$transaction(
      async (tx) => {
        await lockPatient(tx, p.id);
        const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
        held(row!.pid);
        await released;
        await tx.contraceptionRecord.update({ where: { id: iud }, data: { voidedAt: new Date(), voidedById: derm.id, voidReason: "Wrong methods" } });
      },
      { timeout: 20_000 },
    );
    const holder = await pid;
    const confirming = counsel(p.id, today, iud);
    await until(async () => {
      const rows = await db().$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE ${holder}::int = ANY(pg_blocking_pids(pid))`;
      return rows.length > 0;
    }, "the counseling to wait for the patient's lock");
    release();
    await voiding;
    expect(await confirming).toMatchObject({ status: "error", fieldErrors: { confirmedContraceptionId: [expect.stringContaining("entered in error")] } });
    expect(await db().pregnancyCounseling.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("the database itself refuses a counseling naming another patient's record", async () => {
    const { derm, p } = await patientWithTwoRecords();
    const other = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const theirs = await db().contraceptionRecord.create({
      data: { patientId: other.id, method: "ABSTINENCE", methods: "Committed abstinence", startDate: new Date("2026-01-01T00:00:00Z"), recordedById: derm.id },
    });
    await expect(
      db().pregnancyCounseling.create({
        data: { patientId: p.id, counseledOn: new Date(`${today}T00:00:00Z`), confirmedContraceptionId: theirs.id, recordedById: derm.id },
      }),
    ).rejects.toThrow(/pregnancy_counseling_confirmed_contraception_id_patient_id_fkey|Foreign key constraint/);
  });
});

describe("the counseling recorded with a prescription", () => {
  it("confirms the record in use on the prescription's day; a confirmation without the counseling, or of a record not in use, is refused and nothing is started", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const confirm = await readyForFirstPrescription(p.id, today, derm.id);
    const ended = await db().contraceptionRecord.create({
      data: {
        ...{ patientId: p.id, method: "ABSTINENCE", methods: "Committed abstinence", recordedById: derm.id },
        ...{ startDate: new Date("2026-01-01T00:00:00Z"), endDate: new Date("2026-10-08T00:00:00Z") },
      },
    });
    const before = await countRows();
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today, { ...confirm, counseled: "" })))).toMatchObject({
      state: {
        status: "error",
        fieldErrors: { confirmedContraceptionId: ["Contraception is confirmed at counseling: tick that you counseled the patient at this visit too."] },
      },
    });
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today, { confirmedContraceptionId: ended.id })))).toMatchObject({
      state: { status: "error", fieldErrors: { confirmedContraceptionId: [expect.stringContaining("not on 23 Nov 2026")] } },
    });
    expect(await countRows()).toEqual(before);
    expect(await db().pregnancyCounseling.count({ where: { patientId: p.id } })).toBe(0);

    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today, confirm)))).toEqual({ redirect: `/patients/${p.id}` });
    const counseling = await db().pregnancyCounseling.findFirstOrThrow({ where: { patientId: p.id } });
    expect(counseling.confirmedContraceptionId).toBe(confirm.confirmedContraceptionId);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "course.start", patientId: p.id } });
    expect(audit.changes).toMatchObject({ counselingId: counseling.id, confirmedContraceptionId: confirm.confirmedContraceptionId });
  });

  it("a patient who cannot become pregnant is not asked to confirm anything", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today)))).toEqual({ redirect: `/patients/${p.id}` });
    expect(await counsel(p.id, today)).toMatchObject({ status: "ok" });
    expect((await getPregnancyOverview(CLINICIAN, p.id, today))!.clinical!.counseling.map((k) => k.confirmedMethods)).toEqual([null, null]);
  });
});
