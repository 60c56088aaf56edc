import { describe, expect, it } from "vitest";
import { courseRestartRefusal, pregnancyStatus, QUEUED_LAB_RESULT_MESSAGE } from "./index";
import { CANNOT, check, codes, later, latestOf, rulesOn, t } from "./examples";

/**
 * A laboratory's pregnancy test result waiting in the queue for a dermatologist (preliminary, retracted, not
 * final) stops prescribing for the patient it matched: what it says is not known yet.
 */
describe("a laboratory's pregnancy test result waiting for a dermatologist", () => {
  const ready = later([t("2026-03-19")], "2026-03-20");
  const QUEUED = [{ id: "q1", specimenDate: "2026-03-19" }];

  it("refuses the prescription the same history otherwise allows, naming no result", () => {
    expect(check(ready, "2026-03-20").outcome).toBe("ALLOWED");
    const d = check({ ...ready, queuedLabResults: QUEUED }, "2026-03-20");
    expect(d.outcome).toBe("REFUSED");
    expect(codes(d)).toEqual(["LAB_RESULT_QUEUED"]);
    expect(d.refusals[0]!.message).toBe(QUEUED_LAB_RESULT_MESSAGE);
    expect(QUEUED_LAB_RESULT_MESSAGE).not.toMatch(/positive|negative|indeterminate/i);
  });

  it("whatever the category: a patient recorded as unable to become pregnant is stopped too", () => {
    const cannot = { ...ready, categories: CANNOT };
    expect(check(cannot, "2026-03-20").outcome).toBe("ALLOWED");
    expect(codes(check({ ...cannot, queuedLabResults: [...QUEUED, { id: "q2", specimenDate: "2026-03-20" }] }, "2026-03-20"))).toEqual(["LAB_RESULT_QUEUED"]);
  });

  it("shows prescribing stopped and holds a prescription still within its dispense-by date; none queued, neither", () => {
    const stored = { prescriptionId: "r1", date: "2026-03-25", pregnancyTestVoided: false };
    const open = pregnancyStatus(ready, [], "2026-03-20", rulesOn(), latestOf(ready, stored, "2026-03-20"));
    expect([open.prescribingStopped, open.dispenseBy?.date, open.doNotDispense]).toEqual([false, "2026-03-25", null]);
    const queued = { ...ready, queuedLabResults: QUEUED };
    const held = pregnancyStatus(queued, [], "2026-03-20", rulesOn(), latestOf(queued, stored, "2026-03-20"));
    expect([held.prescribingStopped, held.dispenseBy, held.doNotDispense?.reasons]).toEqual([true, null, ["PRESCRIBING_STOPPED"]]);
    expect(held.summary).toContain("prescribing stopped");
  });

  it("keeps a paused or ended course from becoming active again", () => {
    expect(courseRestartRefusal(ready, "2026-03-20", rulesOn(), "resumed")).toBeNull();
    expect(courseRestartRefusal({ ...ready, queuedLabResults: QUEUED }, "2026-03-20", rulesOn(), "resumed")).toBe(
      "A pregnancy test result from the laboratory is waiting under Unfiled lab results for a dermatologist. Prescribing is stopped, so this course cannot be resumed.",
    );
  });
});
