import { describe, expect, it } from "vitest";
import { pregnancyStatus, type PregnancyHistory, type PrescriptionRecord } from "./index";
import { check, codes, course, history, items, later, one, rulesOn, rx, t, TESTS } from "./examples";

/*
 * A prescription a pharmacy dispensed (its dispensed date recorded) and then voided as entered in error: the fill
 * happened, so the negative test it rested on was used, and a test collected before it backs no later prescription.
 * Its record counts for nothing else (supply, dose, its own monitoring item). Every expected date is worked out by
 * hand. iPLEDGE 2021 (dates before 8 Aug 2026): a 7-day window from the specimen date.
 */
const on = (id: string, writtenOn: string, pregnancyTestId: string | null): PrescriptionRecord => ({ ...rx(id, writtenOn), pregnancyTestId });
/** Written on `writtenOn` on the test given, dispensed on `dispensedOn`, then voided as entered in error. */
const voidedAfterFill = (id: string, writtenOn: string, pregnancyTestId: string | null, dispensedOn: string) => ({
  ...on(id, writtenOn, pregnancyTestId),
  dispensedOn,
  voided: true as const,
});
const T18 = t("2026-03-18");

describe("a test used by a prescription dispensed and then voided as entered in error", () => {
  it("does not back a new prescription", () => {
    // r1 of 19 Mar on the test of 18 Mar, dispensed 19 Mar, voided: the test of 18 Mar stays used.
    const h = later([T18], "2026-03-20", { voidedDispensed: [voidedAfterFill("r1", "2026-03-19", T18.id, "2026-03-19")] });
    const d = check(h, "2026-03-20");
    expect(codes(d)).toEqual(["TEST_ALREADY_USED"]);
    expect(d.refusals[0]!.message).toBe(
      "Each prescription needs a new negative pregnancy test: the latest one (18 Mar 2026) was already used for the prescription of 19 Mar 2026, " +
        "dispensed on 19 Mar 2026 before it was marked as entered in error: a prescription a pharmacy filled keeps its test.",
    );
  });

  it("a test collected before it backs no later prescription either", () => {
    // r1 of 19 Mar rested on no known test; the test of 17 Mar was collected before it.
    const h = later([t("2026-03-17")], "2026-03-20", { voidedDispensed: [voidedAfterFill("r1", "2026-03-19", null, "2026-03-21")] });
    const d = check(h, "2026-03-20");
    expect(codes(d)).toEqual(["TEST_ALREADY_USED"]);
    expect(d.refusals[0]!.message).toBe(
      "Each prescription needs a new negative pregnancy test, collected after the latest prescription " +
        "(19 Mar 2026, dispensed on 21 Mar 2026 before it was marked as entered in error): the latest one is from 17 Mar 2026.",
    );
  });

  it("a test collected the day after it backs the next prescription", () => {
    const h = later([T18, t("2026-03-19")], "2026-03-20", { voidedDispensed: [voidedAfterFill("r1", "2026-03-18", T18.id, "2026-03-18")] });
    expect(check(h, "2026-03-20")).toMatchObject({ outcome: "ALLOWED", windowTest: { specimenDate: "2026-03-19" } });
  });

  it("a prescription voided before any fill frees its test (not in the history: it counts for nothing)", () => {
    expect(check(later([T18], "2026-03-20"), "2026-03-20")).toMatchObject({ outcome: "ALLOWED", windowTest: { specimenDate: "2026-03-18" } });
  });

  it("the banner opens no prescription window on that test", () => {
    const h = (voidedDispensed: PregnancyHistory["voidedDispensed"]) => later([T18], "2026-03-20", { voidedDispensed });
    const status = (x: PregnancyHistory) => pregnancyStatus(x, items(x, "2026-03-20"), "2026-03-20", rulesOn(), null);
    expect(status(h([])).windowClosesOn).toBe("2026-03-24");
    expect(status(h([voidedAfterFill("r1", "2026-03-19", T18.id, "2026-03-19")])).windowClosesOn).toBeNull();
  });

  it("the next prescription's item needs a test collected after it, and names the fill", () => {
    // Course from 2 Mar: r1 of 2 Mar (test 27 Feb), r2 of 1 Apr (test 30 Mar) dispensed 1 Apr and voided, r3 of 3 Apr on the test of 30 Mar.
    const h = history({
      tests: TESTS,
      courses: [
        course({
          startDate: "2026-03-02",
          prescriptions: [on("r1", "2026-03-02", "2026-02-27-LAB-NEGATIVE"), on("r3", "2026-04-03", "2026-03-30-LAB-NEGATIVE")],
        }),
      ],
      voidedDispensed: [voidedAfterFill("r2", "2026-04-01", "2026-03-30-LAB-NEGATIVE", "2026-04-01")],
    });
    const list = items(h, "2026-04-10");
    expect(list.some((i) => i.key === "rx:r2:preg")).toBe(false);
    expect(one(list, "rx:r3:preg")).toMatchObject({
      status: "OVERDUE",
      completedOn: null,
      reason:
        "A new pregnancy test was due within 7 days before the prescription of 3 Apr 2026: the test of 30 Mar 2026 was already used for the " +
        "prescription of 1 Apr 2026, dispensed on 1 Apr 2026 before it was marked as entered in error; none recorded since.",
    });
  });
});
