import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { commitImport } from "@/lib/data/import-batches";
import { recordLabPanel } from "@/lib/data/record-lab-panel";
import { recordWeight } from "@/lib/data/record-weight";
import { addDays } from "@/lib/domain/dates";
import { actAs, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { staged } from "./import-helpers";
import { meetAtLocks } from "./lock-helpers";

/**
 * Writes take a patient's locks in one order (lib/data/locks.ts): a file import locks every patient it
 * names before it writes, and a weight takes its patient's derived-data lock before its audit row's chain
 * lock. Two files naming the same patients in opposite orders, or a weight or a file of weights beside a
 * lab panel of its patient, wait for each other instead of deadlocking. Each case meets at the patients'
 * derived-data locks (meetAtLocks).
 */

const LABS = "mrn,date_of_birth,specimen_date,test_code,value,unit,reference_low,reference_high,lab_flag,pregnancy_test_setting";
const WEIGHTS = "mrn,date_of_birth,measured_on,weight_kg";
const D10 = addDays(TODAY, -10);

async function nurse() {
  const user = await makeUser("NURSE");
  actAs(user);
  return { id: user.id, role: "NURSE" as const };
}

describe("the lock order of a file import", () => {
  it("imports two lab files naming the same two patients in opposite orders, both whole", async () => {
    const actor = await nurse();
    const [a, b] = [await makePatient(), await makePatient()];
    // makePatient's people are born on 2000-01-01.
    const row = (mrn: string, value: number) => `${mrn},2000-01-01,${D10},2571-8,${value},mg/dL,,,,`;
    const first = await staged("labs", [LABS, row(a.mrn, 180), row(b.mrn, 190)].join("\n"));
    const second = await staged("labs", [LABS, row(b.mrn, 200), row(a.mrn, 210)].join("\n"));
    const results = await meetAtLocks([a.id, b.id], [() => commitImport(actor, first), () => commitImport(actor, second)]);
    expect(results).toEqual([
      { imported: 2, skipped: 0 },
      { imported: 2, skipped: 0 },
    ]);
    const values = await testDb().labResult.findMany({ where: { patientId: { in: [a.id, b.id] } }, select: { patientId: true, valueNumeric: true } });
    expect(values.map((v) => `${v.patientId === a.id ? "A" : "B"} ${v.valueNumeric}`).sort()).toEqual(["A 180", "A 210", "B 190", "B 200"]);
  });

  it("imports a file of weights beside a lab panel of the same patient, both whole", async () => {
    const actor = await nurse();
    const a = await makePatient();
    const file = await staged("weights", `${WEIGHTS}\n${a.mrn},2000-01-01,${D10},60\n`);
    const alt = await testDb().labTest.findFirstOrThrow({ where: { code: "1742-6" } });
    const panel = () =>
      recordLabPanel(actor, { patientId: a.id, submissionId: randomUUID(), specimenDate: D10, values: [{ labTestId: alt.id, value: "30" }] }, TODAY);
    const results = await meetAtLocks<unknown>([a.id], [panel, () => commitImport(actor, file)]);
    expect(results).toEqual([
      { inserted: 1, flagged: 0, pregnancyNotNegative: 0 },
      { imported: 1, skipped: 0 },
    ]);
    expect(await testDb().weightMeasurement.count({ where: { patientId: a.id } })).toBe(1);
  });
});

describe("the lock order of a weight", () => {
  it("records a weight beside a lab panel of the same patient, both whole", async () => {
    const actor = await nurse();
    const a = await makePatient();
    const alt = await testDb().labTest.findFirstOrThrow({ where: { code: "1742-6" } });
    const panel = () =>
      recordLabPanel(actor, { patientId: a.id, submissionId: randomUUID(), specimenDate: D10, values: [{ labTestId: alt.id, value: "30" }] }, TODAY);
    const weight = () => recordWeight(actor, { patientId: a.id, measuredOn: D10, weightGrams: 60_000 });
    const results = await meetAtLocks<unknown>([a.id], [panel, weight]);
    expect(results).toEqual([{ inserted: 1, flagged: 0, pregnancyNotNegative: 0 }, { replacedGrams: null }]);
    expect(await testDb().weightMeasurement.count({ where: { patientId: a.id } })).toBe(1);
  });
});
