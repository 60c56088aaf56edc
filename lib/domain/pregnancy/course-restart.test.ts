import { describe, expect, it } from "vitest";
import { courseRestartRefusal, type Clearance, type PregnancyHistory } from "./index";
import { CANNOT, EU, US, check, history, later, rulesOn, t, type Over } from "./examples";

const POSITIVE = t("2026-11-10", "LAB", "POSITIVE", "pos");
const refusal = (h: PregnancyHistory, asOf = "2026-11-23", over: Over = US) => courseRestartRefusal(h, asOf, rulesOn(over), "resumed");
const decided = (outcome: Clearance["outcome"], decidedOn = "2026-11-12"): Clearance[] => [{ testId: "pos", decidedOn, outcome }];
const STOPPED = "Prescribing is stopped, so this course cannot be resumed.";

describe("a course made active again while a pregnancy test stops prescribing", () => {
  it("nothing stops it without a positive or indeterminate test", () => {
    expect(refusal(history({ tests: [t("2026-11-20")] }))).toBeNull();
  });

  it("a positive test without a decision stops it, whatever the category", () => {
    const expected = `A positive pregnancy test on 10 Nov 2026 has no documented dermatologist decision. ${STOPPED}`;
    expect(refusal(history({ tests: [POSITIVE] }))).toBe(expected);
    expect(refusal(history({ tests: [POSITIVE], categories: CANNOT }))).toBe(expected);
    // A later negative test alone does not answer it: the decision comes first.
    expect(refusal(history({ tests: [POSITIVE, t("2026-11-20")] }))).toBe(expected);
  });

  it("an indeterminate test is named as one", () => {
    expect(refusal(history({ tests: [t("2026-11-10", "LAB", "INDETERMINATE", "pos")] }))).toBe(
      `An indeterminate pregnancy test on 10 Nov 2026 has no documented dermatologist decision. ${STOPPED}`,
    );
  });

  it("a confirmed pregnancy stops it until a negative test is collected on a later day", () => {
    const confirmed = history({ tests: [POSITIVE], clearances: decided("PREGNANCY_CONFIRMED") });
    expect(refusal(confirmed)).toBe(
      `A pregnancy was confirmed on 12 Nov 2026 (the positive pregnancy test on 10 Nov 2026), and no negative test has been collected since. ${STOPPED}`,
    );
    // A negative on the positive test's own day does not answer it; one on a later day does.
    expect(refusal({ ...confirmed, tests: [POSITIVE, t("2026-11-10", "LAB", "NEGATIVE", "same-day")] })).not.toBeNull();
    expect(refusal({ ...confirmed, tests: [POSITIVE, t("2026-11-21")] })).toBeNull();
  });

  it("a decision documented after the day asked about does not count yet", () => {
    const h = history({ tests: [POSITIVE, t("2026-11-11")], clearances: decided("FALSE_POSITIVE", "2026-11-20") });
    expect(refusal(h, "2026-11-19")).toContain("has no documented dermatologist decision");
    expect(refusal(h, "2026-11-20")).toBeNull();
  });

  it("a home test answers a decided positive only where the rules accept home tests during treatment", () => {
    const h = history({ tests: [POSITIVE, t("2026-11-20", "HOME")], clearances: decided("FALSE_POSITIVE") });
    expect(refusal(h, "2026-11-23", EU)).toBe(
      `A positive pregnancy test on 10 Nov 2026 has a documented decision, but no negative test has been collected since. ${STOPPED}`,
    );
    expect(refusal(h, "2026-11-23", { homeTestsOptIn: true })).toBeNull();
  });

  it("stops exactly when the prescribing check refuses for a positive or indeterminate test", () => {
    const tests = [t("2026-11-18"), t("2026-11-20")];
    const cases: PregnancyHistory[] = [
      later(tests, "2026-11-23"),
      later([...tests, POSITIVE], "2026-11-23"),
      later([POSITIVE, ...tests], "2026-11-23", { clearances: decided("PREGNANCY_CONFIRMED") }),
      later([POSITIVE, t("2026-11-20", "HOME")], "2026-11-23", { clearances: decided("FALSE_POSITIVE") }),
      later([POSITIVE, t("2026-11-20", "HOME")], "2026-11-23", { clearances: decided("FALSE_POSITIVE"), categories: CANNOT }),
    ];
    for (const over of [US, EU, { homeTestsOptIn: true }]) {
      for (const h of cases) {
        const stopsPrescribing = check(h, "2026-11-23", over).refusals.some((r) => r.code.startsWith("POSITIVE_TEST_"));
        expect(refusal(h, "2026-11-23", over) !== null).toBe(stopsPrescribing);
      }
    }
  });
});
