import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { attachHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7 } from "./hl7-helpers";
import { fresh, patientOnCourse, rxForm } from "./pregnancy-fixture";

/**
 * What a laboratory's pregnancy test sent without a collection date (no OBX-14, no OBR-7; the message sent
 * today, 23 Nov 2026) does to prescribing while it waits in the queue: as any waiting pregnancy test, a
 * negative one authorizes nothing and a positive one stops prescribing. Attached with the collection date
 * from the laboratory's report, it counts on that date, never on the day the message was sent.
 */
const staff = { role: "STAFF" as const };
const NO_TEST =
  "No negative pregnancy test collected in a laboratory or the clinic from 17 Nov 2026 to 23 Nov 2026 (7-day window from the specimen date, iPLEDGE REMS with the 2026 modification).";
const QUEUED =
  "A pregnancy test result from the laboratory is waiting under Unfiled lab results for a dermatologist: prescribing is stopped until it is reviewed.";

async function sendUndated(mrn: string, result: "Negative" | "Positive") {
  const { token } = await makeLabInterface(await makeUser("ADMIN"), `Undated lab ${randomUUID().slice(0, 6)}`);
  const controlId = `UD-${randomUUID().slice(0, 8)}`;
  expect((await postHl7(token, oru(controlId, mrn, [hcg(result, "F")], { obr: "" }))).msa[0]).toBe("AA");
  const [entry] = await testDb().hl7QueueEntry.findMany({ where: { message: { controlId } } });
  expect(entry).toMatchObject({ reason: "COLLECTION_DATE_MISSING", pregnancyTest: true, status: "PENDING" });
  return entry!;
}

describe("a pregnancy test waiting for its collection date, and prescribing", () => {
  it("a negative one authorizes no prescription while it waits, nor once attached with a collection date outside the window", async () => {
    // On course for 30 days; the test of the course start is too old for a prescription today.
    const { derm, p, course, confirm } = await patientOnCourse(addDays(TODAY, -30));
    const entry = await sendUndated(p.mrn, "Negative");
    expect((await getPregnancyOverview(staff, p.id, TODAY))!.prescribingStopped).toBe(false);
    actAs(derm);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY, confirm))).toMatchObject({
      status: "error",
      fieldErrors: { pregnancy: [NO_TEST] },
    });
    // Collected 10 days ago, as the laboratory's report says: filed on that day, still no test for today's prescription.
    actAs(await makeUser("NURSE"));
    expect(
      await attachHl7ResultAction(IDLE, form({ entryId: entry.id, mrn: p.mrn, birthDate: "2000-01-01", collectionDate: addDays(TODAY, -10) })),
    ).toMatchObject({ status: "ok" });
    actAs(derm);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY, confirm))).toMatchObject({
      status: "error",
      fieldErrors: { pregnancy: [NO_TEST] },
    });
    expect(await testDb().prescription.count({ where: { courseId: course.id } })).toBe(1);
  });

  it("a positive one stops prescribing while it waits, a negative test of yesterday notwithstanding", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(TODAY, -30));
    await pregnancyTest(p.id, addDays(TODAY, -1), derm.id);
    await sendUndated(p.mrn, "Positive");
    expect((await getPregnancyOverview(staff, p.id, TODAY))!.prescribingStopped).toBe(true);
    actAs(derm);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY, confirm))).toMatchObject({
      status: "error",
      fieldErrors: { pregnancy: [QUEUED] },
    });
    expect(await testDb().prescription.count({ where: { courseId: course.id } })).toBe(1);
  });

  it("a positive one attached tells whoever attached it, as one recorded by hand does: a nurse, to tell the dermatologist today", async () => {
    const { p } = await patientOnCourse(addDays(TODAY, -30));
    const entry = await sendUndated(p.mrn, "Positive");
    actAs(await makeUser("NURSE"));
    expect(await attachHl7ResultAction(IDLE, form({ entryId: entry.id, mrn: p.mrn, birthDate: "2000-01-01", collectionDate: addDays(TODAY, -1) }))).toEqual({
      status: "ok",
      tone: "alert",
      message:
        "Result attached to the patient; their monitoring and alerts are up to date. The pregnancy test is not negative: prescribing is stopped. Tell the dermatologist today.",
    });
  });
});
