import { describe, expect, it } from "vitest";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { DERIVED_RULES_REVISION, runDailyRefresh } from "@/lib/data/daily-refresh";
import { getWorklist } from "@/lib/data/monitoring";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { refreshMonitoringInBatches } from "@/lib/data/recompute-derived";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { patientOnCourse } from "./pregnancy-fixture";
import { addedHcg, resultUnder } from "./added-pregnancy-test-fixture";

/*
 * A result recorded under a pregnancy test the clinic added to the catalogue as a test of its own (before the
 * catalogue refused one) stops prescribing until a dermatologist records it on the catalogue's hCG test and
 * voids it. The dermatologist learns of it from their worklist and dashboard, as of a positive test awaiting a
 * decision: a dermatologist's review, overdue from the day after its collection. Office staff never get that item;
 * they read that prescribing is stopped for a dermatologist's review, and no prescription renewal to chase.
 * Such results were recorded before the refusal: the recompute of every patient's items when the rules for
 * stored items change (the daily refresh) lists them, as refreshMonitoringInBatches does here.
 */
const DERMATOLOGIST = { role: "DERMATOLOGIST" as const };
const STAFF = { role: "STAFF" as const };
/** The result in words or its value (250) as a number of its own: an id that happens to hold "250" (eab25087-…) is not it. */
const RESULT_WORDS = /negative|positive|indeterminate|\b250\b/i;

const stored = async (patientId: string) =>
  (await testDb().monitoringItemRow.findMany({ where: { patientId }, orderBy: { itemKey: "asc" } }))
    .filter((i) => i.kind === "PREG_REVIEW" || i.kind === "RX_RENEWAL")
    .map((i) => [i.kind, i.itemKey, i.dueDate.toISOString().slice(0, 10)]);

/** The patient's rows of a role's worklist (every open item, or the overdue ones the dashboard lists first). */
const worklistOf = async (viewer: { role: "DERMATOLOGIST" | "STAFF" }, patientId: string, status?: "OVERDUE") =>
  (await getWorklist(viewer, TODAY, { status, sort: "days" })).rows.filter((r) => r.patientId === patientId);

describe("a result under a pregnancy test the catalogue holds as a test of its own", () => {
  it("is a dermatologist's review on their worklist and dashboard, not staff's, and no renewal is offered until it is voided", async () => {
    // On a course started 30 days ago (one 30-day prescription: a renewal due today), a negative test 2 days ago.
    const { derm, p } = await patientOnCourse(addDays(TODAY, -30));
    await pregnancyTest(p.id, addDays(TODAY, -2), derm.id);
    const recorded = await resultUnder(await addedHcg(), p.id, addDays(TODAY, -1), "250", derm.id);
    await refreshMonitoringInBatches(testDb(), [p.id], TODAY);
    const review = `test:${recorded.id}:preg-review`;
    expect(await stored(p.id)).toEqual([["PREG_REVIEW", review, addDays(TODAY, -1)]]);

    // Beside the baseline labs this course started without.
    const row = (await worklistOf(DERMATOLOGIST, p.id, "OVERDUE")).find((r) => r.kind === "PREG_REVIEW");
    expect(row).toMatchObject({ itemKey: review, item: "Dermatologist review", status: "OVERDUE", daysOverdue: 1 });
    expect(row!.reason).toContain("a dermatologist must record it on the catalogue's hCG test and void it before any further prescription");
    expect(row!.reason).not.toMatch(RESULT_WORDS);

    const staffRows = await worklistOf(STAFF, p.id);
    expect(staffRows.map((r) => r.kind)).not.toContain("PREG_REVIEW");
    expect(staffRows.map((r) => r.kind)).not.toContain("RX_RENEWAL");
    const staffView = await getPregnancyOverview(STAFF, p.id, TODAY);
    expect(staffView!.summary).toContain("prescribing stopped: dermatologist review");
    expect(JSON.stringify({ staffView, staffRows })).not.toMatch(RESULT_WORDS);

    // Recorded on the hCG test and voided by the dermatologist: the review goes, the renewal is back.
    actAs(derm);
    const voiding = form({ labResultId: recorded.id, reason: "Recorded on the serum hCG test" });
    expect(await correctLabResultAction(IDLE, voiding)).toMatchObject({ status: "ok" });
    expect(await stored(p.id)).toEqual([["RX_RENEWAL", expect.stringMatching(/:rx-renewal:/), TODAY]]);
    expect((await worklistOf(DERMATOLOGIST, p.id, "OVERDUE")).map((r) => r.kind)).toEqual(["BASELINE_LIPIDS", "BASELINE_LIVER"]);
  });

  it("is listed for a patient with no course, whatever the category, by the recompute of a new rules revision", async () => {
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    const recorded = await resultUnder(await addedHcg(), p.id, addDays(TODAY, -40), "3", (await makeUser("NURSE")).id);
    await runDailyRefresh(testDb(), TODAY);
    await testDb().$executeRaw`UPDATE daily_refreshes SET rules_revision = ${DERIVED_RULES_REVISION - 1}`;
    expect(await runDailyRefresh(testDb(), TODAY)).toMatchObject({ itemsForEveryPatient: true });
    expect(await stored(p.id)).toEqual([["PREG_REVIEW", `test:${recorded.id}:preg-review`, addDays(TODAY, -40)]]);
  });
});
