import { describe, expect, it } from "vitest";
import { check, codes, course, history, items, one, t } from "./examples";

/**
 * The "Screening pregnancy tests" item completes only when the tests would let the first prescription be
 * written: the same tests the prescribing check counts (docs/DOMAIN.md "Pregnancy prevention rule sets":
 * two negative tests before the first prescription, screening then confirmation at least 19 days later;
 * a negative test collected before a later positive tells nothing about the patient since).
 */
describe("screening item agrees with the prescribing check", () => {
  const planned = course({ startDate: "2026-03-02" }); // no prescription yet: the item is due at the start

  it("negative tests collected before a later positive test do not complete the screening item", () => {
    const positive = t("2026-02-24", "LAB", "POSITIVE");
    const h = history({
      tests: [t("2026-02-01"), t("2026-02-20"), positive, t("2026-02-27")],
      clearances: [{ testId: positive.id, decidedOn: "2026-02-27", outcome: "FALSE_POSITIVE" }],
      counseling: [{ id: "n1", date: "2026-03-02" }],
      courses: [planned],
    });
    // The prescribing check refuses the first prescription for want of screening.
    expect(codes(check(h, "2026-03-02"))).toContain("SCREENING_INCOMPLETE");
    // So the item must stay open (due on the start day), not completed by the tests before the positive one.
    expect(one(items(h, "2026-03-01"), "course:c1:preg-screening").status).toBe("DUE_SOON");
  });

  it("two tests two days apart do not complete the screening item that needs a confirmation 19 days after the screening test", () => {
    const h = history({ tests: [t("2026-02-25"), t("2026-02-27")], counseling: [{ id: "n1", date: "2026-03-02" }], courses: [planned] });
    expect(codes(check(h, "2026-03-02"))).toContain("SCREENING_INCOMPLETE");
    expect(one(items(h, "2026-03-01"), "course:c1:preg-screening").status).toBe("DUE_SOON");
  });
});
