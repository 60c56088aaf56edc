import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/*
 * A pregnancy test that is not negative, recorded by hand, stops prescribing until a dermatologist documents a
 * decision. The answer says who acts next: a nurse tells the dermatologist; a dermatologist who recorded it is
 * the one to decide, and is told where.
 */
async function recordPositiveAs(role: "NURSE" | "DERMATOLOGIST") {
  actAs(await makeUser(role));
  const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  const serum = await testDb().labTest.findFirstOrThrow({ where: { code: "2118-8" } });
  const specimenDate = addDays(TODAY, -1);
  return recordLabPanelAction(
    IDLE,
    form({ patientId: p.id, submissionId: randomUUID(), specimenDate, pregnancyTestSetting: "LAB", [`value:${serum.id}`]: "POSITIVE" }),
  );
}

describe("the answer to a positive pregnancy test recorded by hand", () => {
  it("tells a nurse to tell the dermatologist today", async () => {
    expect(await recordPositiveAs("NURSE")).toEqual({
      status: "ok",
      tone: "alert",
      message:
        "1 result recorded for 22 Nov 2026; 1 abnormal, listed for the dermatologist's review. The pregnancy test is not negative: prescribing is stopped. Tell the dermatologist today.",
    });
  });

  it("tells the dermatologist who recorded it to document the decision, not to tell themselves", async () => {
    expect(await recordPositiveAs("DERMATOLOGIST")).toEqual({
      status: "ok",
      tone: "alert",
      message:
        "1 result recorded for 22 Nov 2026; 1 abnormal, listed for the dermatologist's review. The pregnancy test is not negative: prescribing is stopped until you document a decision on it, under Pregnancy prevention.",
    });
  });
});
