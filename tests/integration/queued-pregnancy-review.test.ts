import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { getCourseSummaryPage } from "@/lib/data/course-summary-page";
import { importHl7File } from "@/lib/data/import-hl7";
import { getPatientMonitoring, getWorklist } from "@/lib/data/monitoring";
import { updatePatient } from "@/lib/data/patients";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { addDays } from "@/lib/domain/dates";
import { QUEUED_LAB_RESULT } from "@/lib/domain/pregnancy/pregnancy-tests";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { attachFromQueue, hcg, makeLabInterface, oru, postHl7 } from "./hl7-helpers";
import { patientOnCourse } from "./pregnancy-fixture";

/*
 * A laboratory's positive pregnancy test that waits in the queue for the one patient with the message's MRN (her
 * date of birth differs) stops her prescribing. The dermatologist learns of it as of a positive test on the chart:
 * a review (PREG_REVIEW) on their worklist, the dashboard's "pregnancy test to review" on her course, and the
 * banner saying why. Office staff never get that item. Attached or dismissed, the review of the waiting result goes.
 */
const DERMATOLOGIST = { role: "DERMATOLOGIST" as const };
const STAFF = { role: "STAFF" as const };
const RESULT_WORDS = /negative|positive|indeterminate/i;
/** The specimen day of the messages below (OBR-7 of hl7-helpers' oru). */
const COLLECTED = "2026-11-22";

/** A patient on a course started 30 days ago, a negative test yesterday. */
async function onCourse() {
  const fixture = await patientOnCourse(addDays(TODAY, -30));
  await pregnancyTest(fixture.p.id, addDays(TODAY, -1), fixture.derm.id);
  return fixture;
}

/** A positive urine hCG for this MRN, born 31 Dec 1999, posted by a lab interface: its queue entry. */
async function positiveWithOtherBirthDate(mrn: string) {
  const { token } = await makeLabInterface(await makeUser("ADMIN"), `Queued review lab ${randomUUID().slice(0, 6)}`);
  const controlId = `QR-${randomUUID().slice(0, 8)}`;
  expect((await postHl7(token, oru(controlId, mrn, [hcg("Positive", "F")], { dob: "19991231" }))).msa[0]).toBe("AA");
  return testDb().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId } } });
}

/** The patient's stored open reviews: key and due date. */
const reviews = async (patientId: string) =>
  (await testDb().monitoringItemRow.findMany({ where: { patientId, kind: "PREG_REVIEW", completedOn: null }, orderBy: { itemKey: "asc" } })).map((i) => [
    i.itemKey,
    i.dueDate.toISOString().slice(0, 10),
  ]);

const worklistReviews = async (viewer: { role: "DERMATOLOGIST" | "STAFF" }, patientId: string) =>
  (await getWorklist(viewer, TODAY, { status: "OVERDUE", kind: "PREG_REVIEW", sort: "days" })).rows.filter((r) => r.patientId === patientId);

const dashboardRow = async (courseId: string) =>
  (await getCourseSummaryPage(DERMATOLOGIST, { limit: 10_000, offset: 0 })).rows.find((r) => r.courseId === courseId);

describe("a laboratory's positive pregnancy test waiting in the queue for a patient", () => {
  it("is a dermatologist's review on their worklist and the dashboard, never staff's; dismissed, it goes", async () => {
    const { derm, p, course } = await onCourse();
    expect(await dashboardRow(course.id)).toMatchObject({ pregnancyReview: false });

    const entry = await positiveWithOtherBirthDate(p.mrn);
    expect(entry).toMatchObject({ reason: "DOB_MISMATCH", patientId: null, holdsPatientId: p.id });
    const review = `test:${entry.id}:preg-review`;
    expect(await reviews(p.id)).toEqual([[review, COLLECTED]]);

    const [row] = await worklistReviews(DERMATOLOGIST, p.id);
    expect(row).toMatchObject({ itemKey: review, item: "Dermatologist review", status: "OVERDUE", daysOverdue: 1 });
    expect(row!.reason).toContain("waiting under Unfiled lab results");
    expect(row!.reason).not.toMatch(RESULT_WORDS);
    expect(await dashboardRow(course.id)).toMatchObject({ pregnancyReview: true });

    // Office staff: no such item anywhere, only that prescribing is stopped for a review, and why, in words naming no result.
    expect(await worklistReviews(STAFF, p.id)).toEqual([]);
    const staffItems = await getPatientMonitoring(STAFF, p.id, TODAY);
    expect(staffItems.map((i) => i.kind)).not.toContain("PREG_REVIEW");
    const staffView = await getPregnancyOverview(STAFF, p.id, TODAY);
    expect(staffView).toMatchObject({ reviewNeeded: true, clinical: null, reviewReasons: [{ code: "LAB_RESULT_QUEUED", text: QUEUED_LAB_RESULT }] });
    expect(JSON.stringify({ staffView, staffItems })).not.toMatch(RESULT_WORDS);

    actAs(derm);
    const dismissed = await dismissHl7ResultAction(IDLE, form({ entryId: entry.id, reason: "Another person's test: the laboratory confirmed" }));
    expect(dismissed).toMatchObject({ status: "ok" });
    expect(await reviews(p.id)).toEqual([]);
    expect(await worklistReviews(DERMATOLOGIST, p.id)).toEqual([]);
    expect(await dashboardRow(course.id)).toMatchObject({ pregnancyReview: false });
    expect(await getPregnancyOverview(STAFF, p.id, TODAY)).toMatchObject({ reviewNeeded: false, reviewReasons: [] });
  });

  it("attached to her chart, the review of the waiting result goes, and the positive test's own review takes its place", async () => {
    const { p, course } = await onCourse();
    const entry = await positiveWithOtherBirthDate(p.mrn);
    expect(await reviews(p.id)).toEqual([[`test:${entry.id}:preg-review`, COLLECTED]]);

    const nurse = await makeUser("NURSE");
    expect(await attachFromQueue(nurse, [entry.id], p.mrn)).toMatchObject({ status: "ok" });
    const result = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id, valueQualitative: "POSITIVE" } });
    expect(await reviews(p.id)).toEqual([[`test:${result.id}:preg-review`, COLLECTED]]);
    expect(await dashboardRow(course.id)).toMatchObject({ pregnancyReview: true });
    expect((await getPregnancyOverview(STAFF, p.id, TODAY))!.reviewReasons).toEqual([]);
  });

  it("imported for an MRN no patient has, it becomes her review once her MRN is corrected to it", async () => {
    const { p, course } = await onCourse();
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const mrn = `QR-${randomUUID().slice(0, 8)}`;
    const controlId = `QR-${randomUUID().slice(0, 8)}`;
    expect((await importHl7File({ kind: "UPLOAD", user: nurse }, oru(controlId, mrn, [hcg("Positive", "F")]), TODAY)).messages[0]).toMatchObject({
      queued: 1,
    });
    expect(await reviews(p.id)).toEqual([]);

    const { version } = await testDb().patient.findUniqueOrThrow({ where: { id: p.id }, select: { version: true } });
    const details = { mrn, firstName: p.firstName, lastName: p.lastName, dateOfBirth: "2000-01-01", sexAtBirth: "FEMALE" as const };
    await updatePatient(nurse, p.id, version, { ...details, indication: "ACNE_NODULAR", phone: undefined, email: undefined });
    const entry = await testDb().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId } } });
    expect(entry.holdsPatientId).toBe(p.id);
    expect(await reviews(p.id)).toEqual([[`test:${entry.id}:preg-review`, COLLECTED]]);
    expect(await dashboardRow(course.id)).toMatchObject({ pregnancyReview: true });
  });
});
