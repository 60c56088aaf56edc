import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { correctLabResult } from "@/lib/data/correct-records";
import { importHl7File } from "@/lib/data/import-hl7";
import { acknowledgeLab, getLabAlerts, recordLabPanel } from "@/lib/data/labs";
import { CLINICIAN, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { meetAtLocks, settled } from "./lock-helpers";

/**
 * A dermatologist's review of an abnormal result is a clinical record. The same result recorded by hand and
 * received from the laboratory is one result (the lab's copy names the hand entry); voiding the hand entry
 * hands its place, and its review, to the copy (promoteCopies). A review and that void arriving at the same
 * moment must not leave the review on the voided entry while the result that now counts sits unreviewed.
 */
const db = () => testDb();
const SPECIMEN = "2026-11-20";

describe("a review and a void of the same result at once", () => {
  it("the review is refused, or the copy that takes the voided entry's place carries it: the result does not come back unreviewed", async () => {
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const derm = { id: (await makeUser("DERMATOLOGIST")).id, role: "DERMATOLOGIST" as const };
    const p = await makePatient();
    const labTestId = (await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } })).id;
    await recordLabPanel(nurse, { patientId: p.id, submissionId: randomUUID(), specimenDate: SPECIMEN, values: [{ labTestId, value: "900" }] }, TODAY);
    const message = [
      `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|MSG-${randomUUID().slice(0, 8)}|P|2.5.1`,
      `PID|1||${p.mrn}^^^CLINIC^MR||Patient^Test||20000101|F`,
      "OBR|1||ORD1|57698-3^Lipid panel^LN|||202611200800",
      "OBX|1|NM|2571-8^Triglyceride^LN||900|mg/dL|0-150|HH|||F",
    ].join("\r");
    await importHl7File({ kind: "UPLOAD", user: nurse }, message, TODAY);
    const [byHand, fromLab] = await db().labResult.findMany({ where: { patientId: p.id }, orderBy: [{ enteredAt: "asc" }, { id: "asc" }] });
    expect(fromLab!.duplicateOfId).toBe(byHand!.id);

    // The nurse voids the hand entry (the lab sent it) while the dermatologist reviews it: both read it
    // current, then meet at its row, the void first.
    const [voided, reviewed] = await meetAtLocks<unknown>(
      (tx) => tx.$executeRaw`SELECT 1 FROM lab_results WHERE id = ${byHand!.id}::uuid FOR UPDATE`,
      [
        settled(() => correctLabResult(nurse, { labResultId: byHand!.id, reason: "Duplicate: the lab sent it electronically" }, TODAY)),
        settled(() => acknowledgeLab(derm, { labResultId: byHand!.id, reviewAction: "REPEAT_TEST", note: "Repeat fasting lipids in 2 weeks" })),
      ],
    );
    expect(voided).toEqual({ value: { kind: "voided", repeats: null } });

    const copy = await db().labResult.findUniqueOrThrow({ where: { id: fromLab!.id } });
    const stillListed = (await getLabAlerts(CLINICIAN, 1000)).critical.filter((a) => a.patientId === p.id).map((a) => a.id);
    if ("refused" in (reviewed as object)) {
      expect(stillListed).toEqual([fromLab!.id]);
    } else {
      // Reported as recorded: the result that now counts carries the review and leaves the alert list.
      expect({ by: copy.acknowledgedById, note: copy.reviewNote }).toEqual({ by: derm.id, note: "Repeat fasting lipids in 2 weeks" });
      expect(stillListed).toEqual([]);
    }
  });
});
