import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { acknowledgeLabAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, labTestFields, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { meetAtLocks } from "./lock-helpers";

/**
 * Nothing clinical is silently overwritten: a dermatologist's review of an abnormal result (what was done,
 * and a note) is a clinical record. Two dermatologists reviewing the same result at the same moment must
 * not leave the stored review saying one thing while the other's review is lost from the result.
 */
const db = () => testDb();

describe("two reviews of one abnormal result at once", () => {
  it("keeps the review that was recorded first: the second reviewer does not overwrite its action and note", async () => {
    const first = await makeUser("DERMATOLOGIST");
    const second = await makeUser("DERMATOLOGIST");
    const p = await makePatient();
    const alt = await db().labTest.findFirstOrThrow({ where: { code: "1742-6" } });
    const result = await db().labResult.create({
      data: {
        patientId: p.id,
        ...labTestFields(alt),
        specimenDate: new Date(`${TODAY}T00:00:00Z`),
        valueNumeric: "210",
        unit: "U/L",
        refLow: "7",
        refHigh: "56",
        flag: "ACTION",
        submissionId: randomUUID(),
        enteredById: first.id,
      },
    });

    // Both reviews read the result as not yet reviewed, then meet at its row.
    const outcomes = await meetAtLocks(
      (tx) => tx.$executeRaw`SELECT 1 FROM lab_results WHERE id = ${result.id}::uuid FOR UPDATE`,
      [
        () => {
          actAs(first);
          return acknowledgeLabAction(IDLE, form({ labResultId: result.id, reviewAction: "DOSE_REDUCED", note: "Reduced to 20 mg daily" }));
        },
        () => {
          actAs(second);
          return acknowledgeLabAction(IDLE, form({ labResultId: result.id, reviewAction: "OTHER", note: "No action needed" }));
        },
      ],
    );
    // One is recorded; the other is told the result was reviewed in the meantime.
    expect(outcomes.map((o) => o.status).sort()).toEqual(["error", "ok"]);
    expect(outcomes.find((o) => o.status === "error")).toMatchObject({ message: expect.stringContaining("reviewed in the meantime") });

    const audits = await db().auditEvent.findMany({ where: { entityId: result.id, action: "lab.acknowledge" }, orderBy: { id: "asc" } });
    const stored = await db().labResult.findUniqueOrThrow({ where: { id: result.id } });
    // The stored review is the one recorded first, and no later review is recorded as if it had been stored.
    expect({ by: stored.acknowledgedById, note: stored.reviewNote }).toEqual({
      by: audits[0]!.actorId,
      note: (audits[0]!.changes as { note: string }).note,
    });
    expect(audits.length).toBe(1);
  });
});
