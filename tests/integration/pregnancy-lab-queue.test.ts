import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { transitionCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { addDays } from "@/lib/domain/dates";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7 } from "./hl7-helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/**
 * A pregnancy test result a laboratory sent that waits under Unfiled lab results for a dermatologist (a
 * preliminary positive, a retraction) stops prescribing for the patient it matched until it is reviewed:
 * what it says is not known yet. Today is 23 Nov 2026; the messages' specimens were taken on 22 Nov.
 */
const today = TODAY;
/** Paused from yesterday, resumed today. */
const transition = async (courseId: string, to: "PAUSE" | "RESUME") => {
  const date = to === "PAUSE" ? addDays(today, -1) : today;
  return transitionCourseAction(
    IDLE,
    form({ courseId, version: String((await fresh(courseId)).version), transition: to, date, reason: "Awaiting the laboratory" }),
  );
};
const QUEUED =
  "A pregnancy test result from the laboratory is waiting under Unfiled lab results for a dermatologist: prescribing is stopped until it is reviewed.";

describe("a laboratory's pregnancy test result waiting for a dermatologist", () => {
  it("refuses a prescription, shows prescribing stopped and keeps a paused course paused until a dermatologist dismisses it", async () => {
    const { token } = await makeLabInterface(await makeUser("ADMIN"), `Queue gate lab ${randomUUID().slice(0, 6)}`);
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -30));
    // The prescription of the course start can still be dispensed; a negative test from yesterday would serve today's.
    await pregnancyTest(p.id, addDays(today, -1), derm.id);
    const staff = { role: "STAFF" as const };
    const before = await getPregnancyOverview(staff, p.id, today);
    expect(before!.prescribingStopped).toBe(false);

    const sent = await postHl7(token, oru(`PQ-${randomUUID().slice(0, 8)}`, p.mrn, [hcg("Positive", "P")]));
    expect(sent.msa[2]).toMatch(/^Imported: 0 results attached, 1 waiting for review/);
    const [entry] = await testDb().hl7QueueEntry.findMany({ where: { patientId: p.id, status: "PENDING" } });
    expect(entry).toBeDefined();

    actAs(derm);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm))).toMatchObject({
      status: "error",
      fieldErrors: { pregnancy: [QUEUED] },
    });
    expect(await testDb().prescription.count({ where: { courseId: course.id } })).toBe(1);
    const stopped = await getPregnancyOverview(staff, p.id, today);
    expect(stopped!.prescribingStopped).toBe(true);
    expect(stopped!.summary).toContain("prescribing stopped");
    // A course paused meanwhile is not resumed while it waits.
    expect(await transition(course.id, "PAUSE")).toMatchObject({ status: "ok" });
    expect(await transition(course.id, "RESUME")).toMatchObject({ status: "error", message: expect.stringContaining("waiting under Unfiled lab results") });

    // Reviewed and dismissed by a dermatologist (the lab's final result is negative): prescribing opens again.
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: entry!.id, reason: "Final result negative, received by phone" }))).toMatchObject({
      status: "ok",
    });
    expect((await getPregnancyOverview(staff, p.id, today))!.prescribingStopped).toBe(false);
    expect(await transition(course.id, "RESUME")).toMatchObject({ status: "ok" });
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm))).toMatchObject({ status: "ok" });
    expect((await rxWrittenOn(course.id, today)).dispenseBy).not.toBeNull();
  });

  it("a plain final negative from the laboratory waiting for its patient (no match) stops nothing", async () => {
    const { token } = await makeLabInterface(await makeUser("ADMIN"), `Queue gate lab ${randomUUID().slice(0, 6)}`);
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -30));
    await pregnancyTest(p.id, addDays(today, -1), derm.id);
    // Another patient's MRN: queued unmatched, with no patient, so it cannot stop this one's prescription.
    await postHl7(token, oru(`PQ-${randomUUID().slice(0, 8)}`, "NO-SUCH-MRN", [hcg("Positive", "F")]));
    actAs(derm);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm))).toMatchObject({ status: "ok" });
  });
});
