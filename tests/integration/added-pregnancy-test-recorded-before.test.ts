import { describe, expect, it } from "vitest";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { addDays } from "@/lib/domain/dates";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, pregnancyTest, TODAY } from "./helpers";
import { patientOnCourse } from "./pregnancy-fixture";
import { addedHcg, resultUnder } from "./added-pregnancy-test-fixture";

/*
 * A pregnancy test the clinic added to the catalogue as a test of its own before the catalogue refused one: the
 * pregnancy-prevention rules read only the catalogue's hCG tests, so a positive recorded under it stopped no
 * prescription. Nothing is recorded under it any more; a positive recorded under it before still stops prescribing
 * (or waits for a dermatologist), rather than staying on the chart where the rules never read it.
 */

describe("a positive recorded under a pregnancy test the clinic added before the catalogue refused one", () => {
  it("stops prescribing", async () => {
    const { p } = await patientOnCourse(addDays(TODAY, -30));
    const nurse = await makeUser("NURSE");
    await pregnancyTest(p.id, addDays(TODAY, -2), nurse.id);
    const staff = { role: "STAFF" as const };
    expect((await getPregnancyOverview(staff, p.id, TODAY))!.prescribingStopped).toBe(false);
    const test = await addedHcg();
    // As hand entry recorded it before the refusal: 250 mIU/mL the day after the negative test.
    const recorded = await resultUnder(test, p.id, addDays(TODAY, -1), "250", nurse.id);
    expect((await getPregnancyOverview(staff, p.id, TODAY))!.prescribingStopped).toBe(true);

    // Only a dermatologist voids it (once recorded on the hCG test), which lifts the hold.
    actAs(nurse);
    const voiding = form({ labResultId: recorded.id, reason: "Recorded on the serum hCG test" });
    expect(await correctLabResultAction(IDLE, voiding)).toMatchObject({
      status: "error",
      message: "Only a dermatologist can void or correct a pregnancy test result.",
    });
    expect((await getPregnancyOverview(staff, p.id, TODAY))!.prescribingStopped).toBe(true);
    actAs(await makeUser("DERMATOLOGIST"));
    expect(await correctLabResultAction(IDLE, voiding)).toMatchObject({ status: "ok" });
    expect((await getPregnancyOverview(staff, p.id, TODAY))!.prescribingStopped).toBe(false);
  });
});
