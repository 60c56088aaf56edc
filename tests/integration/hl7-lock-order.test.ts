import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { correctLabResult } from "@/lib/data/correct-records";
import { attachHl7Results } from "@/lib/data/hl7-queue-attach";
import { importHl7File } from "@/lib/data/import-hl7";
import { recordLabPanel } from "@/lib/data/record-lab-panel";
import { makePatient, makeUser, testDb, TODAY } from "./helpers";
import { hcg, oru, tg } from "./hl7-helpers";
import { meetAtLocks } from "./lock-helpers";

/**
 * A message naming several patients locks them all, in one order, before it writes: two messages naming
 * the same patients in opposite orders, or naming one patient twice beside a write of that patient, wait
 * for each other instead of deadlocking; so does a queued correction attached beside a void by hand. Each case holds the patients' derived-data locks in the test's
 * own transaction until both imports are seen waiting (meetAtLocks), so neither finishes before the other starts.
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

/** Imports these files, meeting at the patients' derived-data locks (meetAtLocks). */
async function importAtOnce(patientIds: string[], files: string[]) {
  const nurse = await makeUser("NURSE");
  return meetAtLocks(
    patientIds,
    files.map((file) => () => importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, file, TODAY)),
  );
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

  it("attaches a queued correction beside a nurse voiding the result it replaces: one of them does it, the other is told", async () => {
    const a = await makePatient();
    const nurse = await makeUser("NURSE");
    const actor = { id: nurse.id, role: "NURSE" as const };
    const tgTest = await testDb().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
    await recordLabPanel(
      actor,
      { patientId: a.id, submissionId: randomUUID(), specimenDate: "2026-11-22", values: [{ labTestId: tgTest.id, value: "180" }] },
      TODAY,
    );
    const [original] = await testDb().labResult.findMany({ where: { patientId: a.id } });
    // The laboratory's correction of it, under an MRN no patient has: it waits for review.
    const controlId = `LOCK-${randomUUID().slice(0, 8)}`;
    await importHl7File({ kind: "UPLOAD", user: actor }, oru(controlId, `UNKNOWN-${controlId}`, [tg(200, "C")]), TODAY);
    const entry = await testDb().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId } } });
    const outcome = (write: Promise<unknown>) =>
      write.then(
        () => "done",
        (error: Error) => error.message,
      );
    const results = await meetAtLocks(
      [a.id],
      [
        () => outcome(attachHl7Results(actor, { entryIds: [entry.id], mrn: a.mrn, birthDate: "2000-01-01" }, TODAY)),
        () => outcome(correctLabResult(actor, { labResultId: original!.id, reason: "Entered on the wrong day" }, TODAY)),
      ],
    );
    expect(results).toEqual(["done", "This entry was already corrected or voided, perhaps by someone else. Reload the page to see the latest entries."]);
    const voided = await testDb().labResult.findUniqueOrThrow({ where: { id: original!.id } });
    expect([voided.voidReason, voided.replacedById]).toEqual([`Corrected by the laboratory (OBX-11 C, message ${controlId}).`, expect.any(String)]);
  });
});
