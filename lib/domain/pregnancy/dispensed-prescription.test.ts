import { describe, expect, it } from "vitest";
import { dispensedWhileText, dispenseNote, pregnancyStatus, type PregnancyHistory } from "./index";
import { CANNOT, items, latestOf, rulesOn, rx, t, TESTS, treated } from "./examples";

/*
 * A prescription the pharmacy dispensed (its dispensed date recorded) was filled: what is said under it, and on the
 * banner, speaks of that fill no more ("Do not dispense" would read as if it could still be stopped), only of its
 * refills while it has any. iPLEDGE 2021 (dates before 8 Aug 2026).
 */
const STOPPED = "prescribing is stopped until a dermatologist's review";

describe("the line under a prescription (dispenseNote)", () => {
  it.each([
    // label, dispensed on, refills, holds, what is said
    ["not dispensed, not held: nothing", null, 0, [], { dispensedOn: null, hold: null }],
    ["not dispensed, held", null, 0, ["PRESCRIBING_STOPPED"], { dispensedOn: null, hold: `Do not dispense: ${STOPPED}` }],
    ["dispensed, not held", "2026-04-10", 0, [], { dispensedOn: "2026-04-10", hold: null }],
    ["dispensed, no refills, held: the fill is done, no hold to say", "2026-04-10", 0, ["PRESCRIBING_STOPPED"], { dispensedOn: "2026-04-10", hold: null }],
    [
      "dispensed, with refills, held: its refills",
      "2026-04-10",
      2,
      ["PRESCRIBING_STOPPED", "PREGNANCY_TEST_VOIDED"],
      {
        dispensedOn: "2026-04-10",
        hold: `Do not dispense a refill: ${STOPPED}; the pregnancy test it relied on was entered in error`,
      },
    ],
  ] as const)("%s", (_l, dispensedOn, refills, holds, said) => {
    expect(dispenseNote({ dispensedOn, refills }, holds)).toEqual(said);
  });
});

describe("the banner, once the latest prescription was dispensed", () => {
  // r3 written on 10 Apr on the negative test of 8 Apr: dispensable through 14 Apr; dispensed on 10 Apr.
  const withR3 = (extra: Partial<PregnancyHistory> = {}) =>
    treated({ prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-04-01"), rx("r3", "2026-04-10")] }, { tests: [...TESTS, t("2026-04-08")], ...extra });
  const r3 = { prescriptionId: "r3", date: "2026-04-14", pregnancyTestVoided: false, dispensedOn: "2026-04-10" };
  const status = (h: PregnancyHistory, stored: Parameters<typeof latestOf>[1]) =>
    pregnancyStatus(h, items(h, "2026-04-10"), "2026-04-10", rulesOn(), latestOf(h, stored, "2026-04-10"));

  it("counts down to no dispense-by date", () => {
    const s = status(withR3(), { ...r3, refills: 0 });
    expect(s).toMatchObject({ dispenseBy: null, doNotDispense: null });
    expect(s.summary).not.toContain("dispense by");
    expect(status(withR3(), { ...r3, dispensedOn: null, refills: 0 }).dispenseBy).toEqual({ prescriptionId: "r3", date: "2026-04-14" });
  });

  it("says no do not dispense once prescribing is stopped, unless it has refills", () => {
    const stopped = withR3({ tests: [...TESTS, t("2026-04-08"), t("2026-04-10", "LAB", "POSITIVE", "p1")] });
    expect(status(stopped, { ...r3, refills: 0 })).toMatchObject({ prescribingStopped: true, dispenseBy: null, doNotDispense: null });
    expect(status(stopped, { ...r3, refills: 1 }).doNotDispense).toEqual({
      prescriptionId: "r3",
      reasons: ["PRESCRIBING_STOPPED"],
      text: `Do not dispense a refill: ${STOPPED}`,
    });
  });

  it("whatever the category: a stop holds its refills", () => {
    const stopped = withR3({ categories: CANNOT, tests: [...TESTS, t("2026-04-10", "LAB", "POSITIVE", "p1")] });
    expect(status(stopped, { ...r3, refills: 2 }).doNotDispense?.text).toBe(`Do not dispense a refill: ${STOPPED}`);
  });
});

describe("what a dispensed date confirmed when recorded is said with (dispensedWhileText)", () => {
  const none = { afterLastDay: null, afterCourseEnd: false, heldThatDay: null };
  it.each([
    ["nothing confirmed: nothing", none, null],
    ["after its last day to be dispensed, with that day", { ...none, afterLastDay: "2026-04-14" }, "after its last day to be dispensed (14 Apr 2026)"],
    ["after its course's last day", { ...none, afterCourseEnd: true }, "after its course's last day"],
    ["while held, with the holds read that day", { ...none, heldThatDay: ["PRESCRIBING_STOPPED"] }, `while held: ${STOPPED}`],
    ["while held, the holds no longer read: the fact alone", { ...none, heldThatDay: [] }, "while held"],
    [
      "all three, joined",
      { afterLastDay: "2026-04-14", afterCourseEnd: true, heldThatDay: ["PRESCRIBING_STOPPED", "PREGNANCY_TEST_VOIDED"] },
      `after its last day to be dispensed (14 Apr 2026), after its course's last day and while held: ${STOPPED}; the pregnancy test it relied on was entered in error`,
    ],
  ] as const)("%s", (_l, confirmed, said) => {
    expect(dispensedWhileText(confirmed)).toBe(said);
  });
});
