import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { importHl7File } from "@/lib/data/import-hl7";
import { lockDerivedData } from "@/lib/data/locks";
import { makePatient, makeUser, testDb, TODAY, until } from "./helpers";
import { hcg, tg } from "./hl7-helpers";

/**
 * A message naming several patients locks them all, in one order, before it writes: two messages naming
 * the same patients in opposite orders, or naming one patient twice beside a write of that patient, wait
 * for each other instead of deadlocking. Each case holds the patients' derived-data locks in the test's
 * own transaction until both imports are seen waiting, so that neither finishes before the other starts.
 */

/** One message with one PID group per entry, in this order, each with its OBX segments. */
function message(controlId: string, groups: { mrn: string; obx: string[] }[]) {
  return [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|${controlId}|P|2.5.1`,
    ...groups.flatMap((g, i) => [
      `PID|${i + 1}||${g.mrn}^^^CLINIC^MR||Doe^Jane||20000101|F`,
      `OBR|1||ORD${i}|57698-3^Panel^LN|||202611220800`,
      ...g.obx.map((o, j) => `OBX|${j + 1}|${o}`),
    ]),
  ].join("\r");
}

/** Backends of this database waiting for a lock (row or advisory). */
async function waiting() {
  const [row] = await testDb().$queryRaw<[{ n: number }]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return row.n;
}

/** Runs the imports while the test holds these patients' derived-data locks, released once all of them wait. */
async function importAtOnce(patientIds: string[], files: string[]) {
  const nurse = await makeUser("NURSE");
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let acquired!: () => void;
  const held = new Promise<void>((r) => (acquired = r));
  const gate = testDb().$transaction(
    async (tx) => {
      await lockDerivedData(tx, patientIds);
      acquired();
      await released;
    },
    { timeout: 20_000 },
  );
  await held;
  const imports: Promise<Awaited<ReturnType<typeof importHl7File>>>[] = [];
  for (const file of files) {
    imports.push(importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, file, TODAY));
    // Each import queues behind the one before it.
    const queued = imports.length;
    await until(async () => (await waiting()) === queued, `import ${queued} to wait for a lock`);
  }
  release();
  await gate;
  return Promise.all(imports);
}

describe("the lock order of an HL7 import", () => {
  it("imports two messages naming the same two patients in opposite orders, both whole", async () => {
    const [a, b] = [await makePatient(), await makePatient()];
    const id = () => `LOCK-${randomUUID().slice(0, 8)}`;
    const results = await importAtOnce(
      [a.id, b.id],
      [
        message(id(), [
          { mrn: a.mrn, obx: [tg(180, "F")] },
          { mrn: b.mrn, obx: [tg(190, "F")] },
        ]),
        message(id(), [
          { mrn: b.mrn, obx: [tg(200, "F")] },
          { mrn: a.mrn, obx: [tg(210, "F")] },
        ]),
      ],
    );
    expect(results.map((r) => r.messages.map((m) => [m.status, m.attached]))).toEqual([[["IMPORTED", 2]], [["IMPORTED", 2]]]);
    const values = await testDb().labResult.findMany({ where: { patientId: { in: [a.id, b.id] } }, select: { patientId: true, valueNumeric: true } });
    expect(values.map((v) => `${v.patientId === a.id ? "A" : "B"} ${v.valueNumeric}`).sort()).toEqual(["A 180", "A 210", "B 190", "B 200"]);
  });

  it("imports a message naming one patient twice beside a pregnancy test of that patient, both whole", async () => {
    const a = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const id = () => `LOCK-${randomUUID().slice(0, 8)}`;
    const results = await importAtOnce(
      [a.id],
      [
        message(id(), [
          { mrn: a.mrn, obx: [tg(180, "F")] },
          { mrn: a.mrn, obx: [hcg("Negative", "F")] },
        ]),
        message(id(), [{ mrn: a.mrn, obx: [hcg("Negative", "F")] }]),
      ],
    );
    expect(results.map((r) => r.messages.map((m) => [m.status, m.attached]))).toEqual([[["IMPORTED", 2]], [["IMPORTED", 1]]]);
    expect(await testDb().labResult.count({ where: { patientId: a.id } })).toBe(3);
  });
});
