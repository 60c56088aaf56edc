import { describe, expect, it } from "vitest";
import { courseRestartRefusal, pregnancyStatus, prescribingStopped, UNREAD_PREGNANCY_RESULT_MESSAGE } from "./index";
import { check, codes, later, rulesOn, t } from "./examples";

/**
 * A result on the chart under a pregnancy test the lab catalogue holds as a test of its own (added before the
 * catalogue refused one: lib/data/lab-rows.ts, addedPregnancyTest) is a pregnancy test these rules cannot read:
 * whatever its value, prescribing stops until a dermatologist records it on the catalogue's hCG test and voids it.
 */
describe("a pregnancy test result the rules cannot read", () => {
  const ready = later([t("2026-03-19")], "2026-03-20");

  it("refuses the prescription the same history otherwise allows, saying what lifts it", () => {
    expect(check(ready, "2026-03-20").outcome).toBe("ALLOWED");
    const d = check({ ...ready, unreadPregnancyResults: [{ id: "u1", specimenDate: "2026-03-18" }] }, "2026-03-20");
    expect([d.outcome, codes(d), d.refusals[0]!.message]).toEqual(["REFUSED", ["PREGNANCY_RESULT_UNREAD"], UNREAD_PREGNANCY_RESULT_MESSAGE]);
    expect(UNREAD_PREGNANCY_RESULT_MESSAGE).toBe(
      "A result under a pregnancy test the lab catalogue holds as a test of its own is on the chart, where the pregnancy-prevention rules cannot read it: prescribing is stopped until a dermatologist records it on the catalogue's hCG test and voids it.",
    );
  });

  it("with a laboratory's result waiting too, names both", () => {
    expect(
      codes(
        check(
          {
            ...ready,
            unreadPregnancyResults: [
              { id: "u1", specimenDate: "2026-03-18" },
              { id: "u2", specimenDate: "2026-03-19" },
            ],
            queuedLabResults: [{ id: "q1", specimenDate: "2026-03-19" }],
          },
          "2026-03-20",
        ),
      ),
    ).toEqual(["LAB_RESULT_QUEUED", "PREGNANCY_RESULT_UNREAD"]);
  });

  it("shows prescribing stopped for a dermatologist's review and keeps a course from becoming active again", () => {
    const held = { ...ready, unreadPregnancyResults: [{ id: "u1", specimenDate: "2026-03-18" }] };
    expect([prescribingStopped(ready, "2026-03-20", rulesOn()), prescribingStopped(held, "2026-03-20", rulesOn())]).toEqual([false, true]);
    expect(pregnancyStatus(held, [], "2026-03-20", rulesOn(), null).summary).toContain("prescribing stopped: dermatologist review");
    expect(courseRestartRefusal(held, "2026-03-20", rulesOn(), "resumed")).toBe(
      "A result under a pregnancy test the lab catalogue holds as a test of its own is on the chart, where the pregnancy-prevention rules cannot read it. Prescribing is stopped, so this course cannot be resumed.",
    );
  });
});
