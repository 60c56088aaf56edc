import type { MedicationRequest } from "@medplum/fhirtypes";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { patientResourcesOfType } from "@/lib/fhir/record";
import { CLINICIAN, TODAY } from "./helpers";
import { twoPrescriptionsWithinDispenseBy } from "./dispense-hold-fixture";

// The process's client counts and reports the statements it sends under ISOTRACK_BENCH=1 (lib/db.ts), set before it is
// first used in this file's process.
vi.hoisted(() => {
  process.env.ISOTRACK_BENCH = "1";
});

/** The statements the process's client sends while `work` runs (the config cache is off in tests: each read is one). */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  let counting = false;
  db.$on(
    "query" as never,
    ((e: { query: string }) => {
      if (counting) sent.push(e.query);
    }) as never,
  );
  counting = true;
  try {
    await work();
  } finally {
    counting = false;
  }
  return sent;
}

/**
 * A patient's MedicationRequests read the courses' prescriptions once, for the treatment and for the holds alike: one
 * statement, beside the pregnancy-prevention history (two: the tests added to the catalogue, then the histories, in
 * SQL of their own) and the rules (one), four in all.
 */
describe("the MedicationRequest read", () => {
  it("reads the treatment and the holds in one statement", async () => {
    const { p, earlier, latest } = await twoPrescriptionsWithinDispenseBy();
    const read = () => patientResourcesOfType(CLINICIAN, p.id, "MedicationRequest", TODAY);
    let requests: Awaited<ReturnType<typeof read>> = [];
    const sent = await statementsOf(async () => (requests = await read()));
    // Read apart, the treatment's courses (with weights and dosing settings the requests never use) and the holds'
    // prescriptions made seven.
    expect(sent).toHaveLength(4);
    expect(sent.filter((q) => /"public"\."prescriptions"/.test(q))).toHaveLength(1);
    // What the treatment and the holds give: both prescriptions dispensable today, each until its own dispense-by date.
    const rx = (id: string) => requests.find((r) => r.id === `rx-${id}`) as MedicationRequest;
    expect([rx(earlier.id), rx(latest.id)].map((r) => [r.status, r.dispenseRequest?.validityPeriod?.end, r.statusReason])).toEqual([
      ["active", "2026-11-27", undefined],
      ["active", "2026-11-28", undefined],
    ]);
  });
});
