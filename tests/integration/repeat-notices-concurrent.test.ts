import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { correctLabResult } from "@/lib/data/correct-records";
import { acknowledgeLab, recordLabPanel } from "@/lib/data/labs";
import { refreshPatientMonitoring } from "@/lib/data/refresh-monitoring";
import { waiveItem } from "@/lib/data/waive-item";
import { markVoided } from "@/lib/data/void-entry";
import { repeatItemKey } from "@/lib/domain/monitoring/repeat";
import { makePatient, makeUser, testDb, TODAY } from "./helpers";
import { writeBehindLock } from "./lock-helpers";

/**
 * Whether a repeat is still open when a nurse's void takes it off the list decides whether the dermatologists
 * get a notice. A waiver, and the void of one, change that under the patient's derived-data lock only (not
 * the patient's row lock the nurse's void holds): committed while the void waits for that lock, they must be
 * what the void sees. Here the waiver or its void commits while the nurse's void of the result waits.
 */
const db = () => testDb();
let nurse: { id: string; role: "NURSE" };
let derm: { id: string; role: "DERMATOLOGIST" };
beforeAll(async () => {
  nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" };
  derm = { id: (await makeUser("DERMATOLOGIST")).id, role: "DERMATOLOGIST" };
});

/** A nurse's triglyceride of 612 mg/dL on 20 Nov, reviewed with "Repeat test" due tomorrow (due soon: it may be waived). */
async function resultWithRepeat() {
  const p = await makePatient();
  const labTestId = (await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } })).id;
  await recordLabPanel(nurse, { patientId: p.id, submissionId: randomUUID(), specimenDate: "2026-11-20", values: [{ labTestId, value: "612" }] }, TODAY);
  const result = await db().labResult.findFirstOrThrow({ where: { patientId: p.id } });
  await acknowledgeLab(derm, { labResultId: result.id, reviewAction: "REPEAT_TEST", repeat: { inDays: 1 } }, TODAY);
  const request = await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } });
  return { p, result, itemKey: repeatItemKey(request.id), request };
}

const voidByNurse = (labResultId: string) => () => correctLabResult(nurse, { labResultId, reason: "Wrong patient" }, TODAY);

describe("a nurse's void of a result while its repeat's waiver changes", () => {
  it("the waiver voided meanwhile: the repeat was open again when it went, so the dermatologists get a notice", async () => {
    const { p, result, itemKey, request } = await resultWithRepeat();
    await waiveItem(derm, { patientId: p.id, itemKey, reason: "Done elsewhere" }, TODAY);
    const waiver = await db().monitoringWaiver.findFirstOrThrow({ where: { patientId: p.id, itemKey } });
    // The dermatologist's void of the waiver, as voidWaiver makes it, committed while the nurse's void waits.
    const outcome = await writeBehindLock(p.id, voidByNurse(result.id), async (tx) => {
      await markVoided(tx, derm, "monitoring_waivers", waiver.id, "Waived in error");
      await refreshPatientMonitoring(tx, p.id);
    });
    expect(outcome).toMatchObject({ value: { kind: "voided" } });
    expect((await db().labRepeatNotice.findMany({ where: { patientId: p.id } })).map((n) => [n.requestId, n.cause])).toEqual([[request.id, "VOID"]]);
  });

  it("waived meanwhile: nothing is left to tell anyone, so no notice", async () => {
    const { p, result, itemKey } = await resultWithRepeat();
    // The dermatologist's waiver, as waiveItem makes it (the item was open), committed while the nurse's void waits.
    const outcome = await writeBehindLock(p.id, voidByNurse(result.id), async (tx) => {
      await tx.monitoringWaiver.create({ data: { patientId: p.id, courseId: null, itemKey, reason: "Done elsewhere", waivedById: derm.id } });
      await refreshPatientMonitoring(tx, p.id);
    });
    expect(outcome).toMatchObject({ value: { kind: "voided" } });
    expect(await db().labRepeatNotice.findMany({ where: { patientId: p.id } })).toEqual([]);
  });
});
