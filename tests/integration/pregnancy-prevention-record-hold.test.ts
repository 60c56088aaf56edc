import { describe, expect, it } from "vitest";
import {
  recordContraceptionAction,
  recordCounselingAction,
  voidContraceptionAction,
  voidCounselingAction,
} from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { addDays } from "@/lib/domain/dates";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { IDLE } from "@/lib/validation/action-result";
import { fhirGet, makeApiClient } from "./fhir-record";
import { actAs, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { patientOnCourse, prescriptionWrittenToday } from "./pregnancy-fixture";

/**
 * A prescription written on contraception and counseling that are then voided as entered in error, through
 * the actions, on a real database (today: 23 Nov 2026). The course started 30 days ago on contraception
 * recorded from 75 days ago; today's prescription rests on a negative test from two days ago, with today's
 * counseling, which confirmed that contraception, and may be dispensed through 27 Nov.
 */
const today = TODAY;
const ROLES = ["STAFF", "NURSE", "DERMATOLOGIST"] as const;
const HELD = "Do not dispense: the contraception or counseling it was written on was entered in error";
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const voidForm = (patientId: string, recordId: string, reason: string) => form({ patientId, recordId, reason });

const writtenToday = prescriptionWrittenToday;

/** What every role's overview and the FHIR request say of the prescription: dispensable through 27 Nov, or held. */
async function expectDispensable(patientId: string, rxId: string, request: () => Promise<Record<string, unknown>>) {
  for (const role of ROLES)
    expect(await getPregnancyOverview({ role }, patientId, today), role).toMatchObject({
      dispenseBy: { prescriptionId: rxId, date: "2026-11-27" },
      doNotDispense: null,
      summary: expect.stringContaining("dispense by 27 Nov 2026 (4 days left)"),
    });
  const r = await request();
  expect(r).toMatchObject({ status: "active", dispenseRequest: { validityPeriod: { start: today, end: "2026-11-27" } } });
  expect(r.statusReason).toBeUndefined();
}

async function expectHeld(patientId: string, rxId: string, request: () => Promise<Record<string, unknown>>) {
  for (const role of ROLES) {
    const o = (await getPregnancyOverview({ role }, patientId, today))!;
    expect(o, role).toMatchObject({
      prescribingStopped: false,
      dispenseBy: null,
      doNotDispense: { prescriptionId: rxId, reasons: ["PREVENTION_RECORD_VOIDED"], text: HELD },
    });
    expect(o.summary, role).not.toContain("dispense by");
  }
  const r = await request();
  expect(r).toMatchObject({ status: "on-hold", statusReason: { text: HELD } });
  expect((r.dispenseRequest as Record<string, unknown>).validityPeriod).toBeUndefined();
}

describe("a prescription whose contraception or counseling is voided as entered in error", () => {
  it("contraception: held for every role and in the FHIR export; a record covering the same days, entered anew and confirmed, lifts the hold", async () => {
    const { derm, p, rx, request } = await writtenToday();
    await expectDispensable(p.id, rx.id, request);
    const only = await testDb().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    expect(await voidContraceptionAction(IDLE, voidForm(p.id, only.id, "Entered for the wrong patient"))).toMatchObject({ status: "ok" });
    await expectHeld(p.id, rx.id, request);

    actAs(nurse);
    expect(await recordContraceptionAction(IDLE, form({ patientId: p.id, method: "ABSTINENCE", startDate: addDays(today, -75) }))).toMatchObject({
      status: "ok",
    });
    // Documented again, but the counseling confirmed the voided record: still held until the new one is confirmed.
    await expectHeld(p.id, rx.id, request);
    const anew = await testDb().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id, voidedAt: null } });
    actAs(derm);
    const counseling = form({ patientId: p.id, counseledOn: today, confirmedContraceptionId: anew.id });
    expect(await recordCounselingAction(IDLE, counseling)).toMatchObject({ status: "ok" });
    await expectDispensable(p.id, rx.id, request);
  });

  it("counseling: the one recorded with the prescription voided holds it; the counseling recorded anew lifts the hold", async () => {
    const { derm, p, rx, request } = await writtenToday();
    const withRx = await testDb().pregnancyCounseling.findFirstOrThrow({ where: { patientId: p.id, counseledOn: day(today) } });
    actAs(derm);
    expect(await voidCounselingAction(IDLE, voidForm(p.id, withRx.id, "Counseling did not happen"))).toMatchObject({ status: "ok" });
    await expectHeld(p.id, rx.id, request);

    // Counseled anew without the contraception confirmed: the confirmation the prescription was written on is still missing.
    actAs(derm);
    expect(await recordCounselingAction(IDLE, form({ patientId: p.id, counseledOn: today, confirmationNumber: "R-5678" }))).toMatchObject({
      status: "ok",
    });
    await expectHeld(p.id, rx.id, request);
    expect(
      await recordCounselingAction(IDLE, form({ patientId: p.id, counseledOn: today, confirmedContraceptionId: withRx.confirmedContraceptionId! })),
    ).toMatchObject({
      status: "ok",
    });
    await expectDispensable(p.id, rx.id, request);
  });

  it("the contraception confirmed with the prescription voided, another record covering the day: held until a counseling confirms that one", async () => {
    const { derm, p, rx, request } = await writtenToday();
    const confirmed = await testDb().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    // A second record covering the same days, recorded after the prescription (back-dated, it ends nothing in use from before it).
    await testDb().contraceptionRecord.create({
      data: { patientId: p.id, method: "ABSTINENCE", methods: "Committed abstinence", startDate: day(addDays(today, -80)), recordedById: derm.id },
    });
    await expectDispensable(p.id, rx.id, request);
    actAs(derm);
    expect(await voidContraceptionAction(IDLE, voidForm(p.id, confirmed.id, "Wrong methods"))).toMatchObject({ status: "ok" });
    await expectHeld(p.id, rx.id, request);
  });

  it("a record voided before the prescription was entered is not what it was written on: no hold", async () => {
    const { derm, p, course } = await patientOnCourse(addDays(today, -30));
    const test = await pregnancyTest(p.id, addDays(today, -2), derm.id);
    const only = await testDb().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    const { token } = await makeApiClient("DERMATOLOGIST");
    actAs(derm);
    expect(await voidContraceptionAction(IDLE, voidForm(p.id, only.id, "Entered for the wrong patient"))).toMatchObject({ status: "ok" });
    // Entered without the check, as an imported course's prescription is: nothing on file covers its day.
    const rx = await testDb().prescription.create({
      data: {
        courseId: course.id,
        prescriberId: derm.id,
        product: "CLARAVIS",
        capsuleStrengthMg: 20,
        writtenOn: day(today),
        startDate: day(today),
        daysSupply: 30,
        dispenseBy: day("2026-11-27"),
        pregnancyTestId: test.id,
      },
    });
    for (const role of ROLES)
      expect(await getPregnancyOverview({ role }, p.id, today), role).toMatchObject({
        dispenseBy: { prescriptionId: rx.id, date: "2026-11-27" },
        doNotDispense: null,
      });
    const r = await fhirGet(`MedicationRequest/rx-${rx.id}`, token);
    expect(r.body).toMatchObject({ status: "active", dispenseRequest: { validityPeriod: { start: today, end: "2026-11-27" } } });
    expect(r.body.statusReason).toBeUndefined();
  });
});
