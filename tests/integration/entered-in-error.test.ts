import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctLabResultAction, correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { addDays } from "@/lib/domain/dates";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";
import { getLabAlerts } from "@/lib/data/labs";
import { patientEverything } from "@/lib/fhir/record";
import { IDLE } from "@/lib/validation/action-result";
import { flatten } from "@/lib/validation/settings";
import { actAs, countRows, form, makePatient, makeUser, testDb, TODAY, CLINICIAN } from "./helpers";
import { tokenFor } from "./confirmations";
import { ALTERNATE_DAY_20MG, startCourseFor } from "./course-fixture";
import { restoreDefaultSettings, settingsForm } from "./jobs-helpers";

const today = TODAY; // 2026-11-23
const db = () => testDb();
const iso = (d: Date | null | undefined) => d?.toISOString().slice(0, 10) ?? null;
const VOIDED = { status: "ok", message: "Entry marked as entered in error." };
const CORRECTED = { status: "ok", message: "Entry corrected; the original stays in the history." };
const ALREADY = "This entry was already corrected or voided, perhaps by someone else. Reload the page to see the latest entries.";

async function lipidsItem(patientId: string) {
  const row = await db().monitoringItemRow.findFirstOrThrow({ where: { patientId, kind: "BASELINE_LIPIDS" } });
  return iso(row.completedOn);
}

describe("a lab result entered in error", () => {
  /** A course started 20 days ago, 40 mg daily, with its baseline panel 25 days ago: TG 520 is action-level. */
  async function patientWithBaseline() {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    await startCourseFor(p.id, { startDate: addDays(today, -20), startWeightKg: "60", mgPerIntake: "40" });
    const tests = await db().labTest.findMany();
    const id = (code: string) => tests.find((t) => t.code === code)!.id;
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const recorded = await recordLabPanelAction(
      IDLE,
      form({
        patientId: p.id,
        submissionId: randomUUID(),
        specimenDate: addDays(today, -25),
        [`value:${id("2571-8")}`]: "520",
        [`value:${id("2093-3")}`]: "170",
      }),
    );
    expect(recorded).toMatchObject({ status: "ok" });
    const tg = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, analyte: "TG" } });
    return { derm, nurse, p, tg };
  }

  it("voiding a high TG removes the dashboard alert and the baseline lipids item is due again; voiding twice is refused", async () => {
    const { nurse, p, tg } = await patientWithBaseline();
    expect(tg.flag).toBe("ACTION");
    expect((await getLabAlerts(CLINICIAN, 1000)).abnormal.map((a) => a.id)).toContain(tg.id);
    expect(await lipidsItem(p.id)).toBe("2026-10-29");

    const voided = await correctLabResultAction(IDLE, form({ labResultId: tg.id, value: "", specimenDate: "", reason: "Sample of another patient" }));
    expect(voided).toEqual(VOIDED);
    expect((await getLabAlerts(CLINICIAN, 1000)).abnormal.map((a) => a.id)).not.toContain(tg.id);
    expect(await lipidsItem(p.id)).toBeNull();
    // The FHIR record carries it as entered in error, so a client holding a copy learns it was wrong.
    expect((await patientEverything(CLINICIAN, p.id, TODAY))!.filter((r) => r.id === tg.id).map((r) => "status" in r && r.status)).toEqual([
      "entered-in-error",
    ]);
    const row = await db().labResult.findUniqueOrThrow({ where: { id: tg.id } });
    expect(row).toMatchObject({ voidedById: nurse.id, voidReason: "Sample of another patient", replacedById: null, flag: "ACTION" });
    expect(Number(row.valueNumeric)).toBe(520);

    const audits = await db().auditEvent.findMany({ where: { patientId: p.id, action: { in: ["lab.void", "lab.correct"] } } });
    expect(audits.map((a) => [a.action, a.entityId, a.actorId, a.changes])).toEqual([
      [
        "lab.void",
        tg.id,
        nurse.id,
        { reason: "Sample of another patient", code: "2571-8", before: { specimenDate: "2026-10-29", value: 520, flag: "ACTION" } },
      ],
    ]);

    const before = await countRows();
    expect(await correctLabResultAction(IDLE, form({ labResultId: tg.id, reason: "Sample of another patient" }))).toMatchObject({
      status: "error",
      message: ALREADY,
    });
    expect(await correctLabResultAction(IDLE, form({ labResultId: tg.id, value: "52", reason: "Stale form" }))).toMatchObject({
      status: "error",
      message: ALREADY,
    });
    expect(await countRows()).toEqual(before);
  });

  it("correcting a TG 520 to 52 replaces it: no alert, the item stays completed, both entries kept", async () => {
    const { nurse, p, tg } = await patientWithBaseline();
    expect(await correctLabResultAction(IDLE, form({ labResultId: tg.id, value: "52", reason: "Typing error, 52 on the report" }))).toEqual(CORRECTED);
    const rows = await db().labResult.findMany({ where: { patientId: p.id, analyte: "TG" }, orderBy: { enteredAt: "asc" } });
    expect(rows).toHaveLength(2);
    const [old, fresh] = rows as [(typeof rows)[0], (typeof rows)[0]];
    expect(old).toMatchObject({ id: tg.id, replacedById: fresh.id, voidedById: nurse.id });
    expect(fresh).toMatchObject({ flag: "NORMAL", voidedAt: null, enteredById: nurse.id, code: "2571-8" });
    expect([iso(fresh.specimenDate), Number(fresh.valueNumeric)]).toEqual(["2026-10-29", 52]);
    expect((await getLabAlerts(CLINICIAN, 1000)).abnormal.map((a) => a.id)).not.toContain(tg.id);
    expect(await lipidsItem(p.id)).toBe("2026-10-29");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "lab.correct" } });
    expect(audit.changes).toEqual({
      reason: "Typing error, 52 on the report",
      code: "2571-8",
      before: { specimenDate: "2026-10-29", value: 520, flag: "ACTION" },
      after: { id: fresh.id, specimenDate: "2026-10-29", value: 52, flag: "NORMAL" },
      replacedById: fresh.id,
    });
  });

  it("refuses hostile or incomplete input with a clear message and writes nothing", async () => {
    const { p, tg } = await patientWithBaseline();
    const staff = await makeUser("STAFF");
    const before = await countRows();
    const tries: [Record<string, string>, string][] = [
      [{ labResultId: tg.id, reason: "ok" }, "reason"],
      [{ labResultId: tg.id, reason: "bad\u0007reason" }, "reason"],
      [{ labResultId: tg.id, reason: "x".repeat(501) }, "reason"],
      [{ labResultId: "1; DROP TABLE lab_results", reason: "Wrong entry" }, "labResultId"],
      [{ labResultId: tg.id, value: "1e5", reason: "Wrong entry" }, "value"],
      [{ labResultId: tg.id, value: "52", specimenDate: addDays(today, 1), reason: "Wrong entry" }, "specimenDate"],
      [{ labResultId: tg.id, specimenDate: addDays(today, -3), reason: "Wrong entry" }, "value"],
    ];
    for (const [fields, field] of tries) {
      const r = await correctLabResultAction(IDLE, form(fields));
      expect(r, JSON.stringify(fields)).toMatchObject({ status: "error", fieldErrors: { [field]: [expect.stringMatching(/^[A-Z].*\.$/)] } });
    }
    expect(await correctLabResultAction(IDLE, form({ labResultId: randomUUID(), reason: "Wrong entry" }))).toMatchObject({
      status: "error",
      message: "That result no longer exists.",
    });
    actAs(staff);
    expect(await correctLabResultAction(IDLE, form({ labResultId: tg.id, reason: "Wrong entry" }))).toEqual({
      status: "error",
      message: "You do not have permission to do this.",
    });
    expect(await countRows()).toEqual(before);
    expect((await db().labResult.findUniqueOrThrow({ where: { id: tg.id } })).voidedAt).toBeNull();
    expect(await lipidsItem(p.id)).toBe("2026-10-29");
  });
});

describe("a weight entered in error", () => {
  afterEach(async () => {
    await restoreDefaultSettings();
  });

  it("correcting 60 kg to 75 kg recomputes the stored mg/kg (per-day weight); voiding it restores the start weight", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    expect(
      await saveClinicSettingsAction(
        IDLE,
        await settingsForm({ kind: "DOSING", effectiveFrom: today, ...flatten({ ...DEFAULT_DOSING_SETTINGS, weightPolicy: "PER_DAY" }) }),
      ),
    ).toMatchObject({ status: "ok" });
    const p = await makePatient();
    // 20 mg every other day from 2026-10-24 (day 0) to today (day 30): 16 doses, 320 mg, at 60 kg.
    await startCourseFor(p.id, { ...ALTERNATE_DAY_20MG, startDate: "2026-10-24" });
    const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: "2026-11-08", weightKg: "60" }))).toMatchObject({ status: "ok" });
    const stored = async () => (await db().courseSummary.findUniqueOrThrow({ where: { courseId: course.id } })).mgPerKg;
    expect(await stored()).toBeCloseTo(320 / 60, 9);
    const weight = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id, measuredOn: new Date("2026-11-08T00:00:00Z") } });

    // A fourth more than the last weight before its day: confirmed, as the form asks, naming that weight.
    const far = tokenFor(
      "WEIGHT_FAR_FROM_RECORDED",
      "75 kg is far from the 60 kg recorded on 24 Oct 2026, the last weight before 8 Nov 2026: check it is in kg, not pounds.",
    );
    expect(
      await correctWeightAction(IDLE, form({ weightId: weight.id, weightKg: "75", measuredOn: "", reason: "Pounds typed as kilograms", ack: far })),
    ).toEqual(CORRECTED);
    // Days 0-14: 8 doses, 160 mg / 60 kg = 2.6667; days 15-30: 8 doses, 160 mg / 75 kg = 2.1333; 4.8 mg/kg.
    expect(await stored()).toBeCloseTo(4.8, 9);
    // The FHIR record says the same: the start weight and the corrected one final, the replaced 60 kg entered in
    // error (a client holding a copy learns it was wrong), and 4.8 mg/kg.
    const record = (await patientEverything(CLINICIAN, p.id, TODAY))!;
    const values = (code: string) =>
      record
        .filter((r) => r.resourceType === "Observation" && r.code.coding?.some((c) => c.code === code))
        .map((r) => [(r as { valueQuantity?: { value?: number } }).valueQuantity?.value, (r as { status: string }).status]);
    expect(values("29463-7")).toEqual([
      [60, "final"],
      [60, "entered-in-error"],
      [75, "final"],
    ]);
    expect(values("cumulative-dose-mg-per-kg")).toEqual([[4.8, "preliminary"]]);
    const fresh = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id, voidedAt: null, measuredOn: new Date("2026-11-08T00:00:00Z") } });
    expect(fresh).toMatchObject({ weightGrams: 75_000, enteredById: nurse.id });
    expect(await db().weightMeasurement.findUniqueOrThrow({ where: { id: weight.id } })).toMatchObject({
      weightGrams: 60_000,
      replacedById: fresh.id,
      voidedById: nurse.id,
      voidReason: "Pounds typed as kilograms",
    });

    expect(await correctWeightAction(IDLE, form({ weightId: weight.id, reason: "Again" }))).toMatchObject({ status: "error", message: ALREADY });
    expect(await correctWeightAction(IDLE, form({ weightId: fresh.id, reason: "Scale not calibrated" }))).toEqual(VOIDED);
    expect(await stored()).toBeCloseTo(320 / 60, 9);

    const audits = await db().auditEvent.findMany({ where: { patientId: p.id, action: { in: ["weight.void", "weight.correct"] } }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.action, a.entityId, a.actorId, a.changes])).toEqual([
      [
        "weight.correct",
        weight.id,
        nurse.id,
        {
          reason: "Pounds typed as kilograms",
          before: { measuredOn: "2026-11-08", weightGrams: 60_000 },
          after: { id: fresh.id, measuredOn: "2026-11-08", weightGrams: 75_000 },
          replacedById: fresh.id,
          // The confirmation the correction needed, given.
          acknowledgedWarnings: ["WEIGHT_FAR_FROM_RECORDED"],
        },
      ],
      ["weight.void", fresh.id, nurse.id, { reason: "Scale not calibrated", before: { measuredOn: "2026-11-08", weightGrams: 75_000 } }],
    ]);
  });
});
