import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { computePatientItems } from "@/lib/data/monitoring";
import { importHl7File } from "@/lib/data/import-hl7";
import { recordLabPanel } from "@/lib/data/labs";
import { recordPregnancyDecision } from "@/lib/data/pregnancy-decision";
import { refreshPatientMonitoring } from "@/lib/data/refresh-monitoring";
import { hcg } from "./hl7-helpers";
import { courseRows } from "./course-fixture";
import { makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";

const actor = (u: { id: string; role: string }) => ({ id: u.id, role: u.role as "NURSE" | "DERMATOLOGIST" });

/** A course of a patient who can become pregnant, from `start` to `end`, as the course tests arrange one. */
const endedCourse = (start: string, end: string) => courseRows({ start, end, pregnancyCategory: "CAN_BECOME_PREGNANT" });

describe("monitoring items the protocol requires", () => {
  it("an office pregnancy test that iPLEDGE 2021 does not accept after treatment leaves a long-ended course's post-course test open", async () => {
    // Ended 1 Mar 2026 (over 120 days before today): its post-course test, due 31 Mar, stays until done or waived.
    const { derm, patient, course } = await endedCourse("2025-12-01", "2026-03-01");
    const post = [[`course:${course.id}:preg-post`, "2026-03-31", "OVERDUE"]];
    expect((await computePatientItems(patient.id, TODAY)).map((i) => [i.key, i.dueDate, i.status])).toEqual(post);
    // 10 Apr 2026: an office (clinic) test, under iPLEDGE 2021, where only laboratory tests count during and after treatment.
    await pregnancyTest(patient.id, "2026-04-10", derm.id, "NEGATIVE", "OFFICE");
    await testDb().$transaction((tx) => refreshPatientMonitoring(tx, patient.id));
    const live = await computePatientItems(patient.id, TODAY);
    expect(live.map((i) => [i.key, i.dueDate, i.status])).toEqual(post);
    const stored = await testDb().monitoringItemRow.findMany({ where: { patientId: patient.id } });
    expect(stored.map((r) => r.itemKey)).toEqual([`course:${course.id}:preg-post`]);
  });

  it("a positive pregnancy test the laboratory sends again is one test: the decision on it closes the dermatologist review", async () => {
    const nurse = await makeUser("NURSE");
    const derm = await makeUser("DERMATOLOGIST");
    const patient = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const urine = (await testDb().labTest.findFirstOrThrow({ where: { code: "2106-3" } })).id;
    // The nurse records the clinic's positive urine test of 22 Nov; the laboratory's message then reports the same result.
    await recordLabPanel(
      actor(nurse),
      {
        patientId: patient.id,
        submissionId: randomUUID(),
        specimenDate: "2026-11-22",
        pregnancyTestSetting: "LAB",
        values: [{ labTestId: urine, value: "POSITIVE" }],
      },
      TODAY,
    );
    const message = [
      `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|MSG-${randomUUID().slice(0, 8)}|P|2.5.1`,
      `PID|1||${patient.mrn}^^^CLINIC^MR||Patient^Test||20000101|F`,
      "OBR|1||ORD1|2106-3^hCG^LN|||202611220800",
      `OBX|1|${hcg("Positive", "F")}`,
    ].join("\r");
    const out = await importHl7File({ kind: "UPLOAD", user: actor(nurse) }, message, TODAY);
    expect(out.messages.map((m) => [m.status, m.attached])).toEqual([["IMPORTED", 1]]);
    const results = await testDb().labResult.findMany({ where: { patientId: patient.id, analyte: "HCG" }, orderBy: { enteredAt: "asc" } });
    expect(results.map((r) => r.duplicateOfId)).toEqual([null, results[0]!.id]);

    // The dermatologist documents the decision on the result (no course doses after today).
    await recordPregnancyDecision(
      actor(derm),
      { patientId: patient.id, labResultId: results[0]!.id, outcome: "PREGNANCY_CONFIRMED", reason: "Referred" },
      TODAY,
    );
    const live = await computePatientItems(patient.id, TODAY);
    expect(live.filter((i) => i.kind === "PREG_REVIEW").map((i) => i.key)).toEqual([]);
    expect(await testDb().monitoringItemRow.count({ where: { patientId: patient.id, kind: "PREG_REVIEW" } })).toBe(0);
  });
});
