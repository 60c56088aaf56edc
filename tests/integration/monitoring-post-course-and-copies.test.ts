import { describe, expect, it } from "vitest";
import { computePatientItems } from "@/lib/data/monitoring";
import { recordPregnancyDecision } from "@/lib/data/pregnancy-decision";
import { refreshPatientMonitoring } from "@/lib/data/refresh-monitoring";
import { courseRows } from "./course-fixture";
import { pregnancyTest, testDb, TODAY } from "./helpers";
import { positiveRecordedTwice } from "./pregnancy-copy-fixture";

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
    // The nurse records the clinic's positive test of 22 Nov; the laboratory's message then reports the same result.
    const { derm, patient, first } = await positiveRecordedTwice();

    // The dermatologist documents the decision on the result (no course doses after today).
    await recordPregnancyDecision(actor(derm), { patientId: patient.id, labResultId: first.id, outcome: "PREGNANCY_CONFIRMED", reason: "Referred" }, TODAY);
    const live = await computePatientItems(patient.id, TODAY);
    expect(live.filter((i) => i.kind === "PREG_REVIEW").map((i) => i.key)).toEqual([]);
    expect(await testDb().monitoringItemRow.count({ where: { patientId: patient.id, kind: "PREG_REVIEW" } })).toBe(0);
  });
});
