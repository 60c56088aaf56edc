import { describe, expect, it } from "vitest";
import { dispenseHolds, pregnancyStatus, writtenWhileCannotBecomePregnant, type PregnancyHistory } from "./index";
import { course, history, items, latestOf, rulesOn, t } from "./examples";

/*
 * A prescription written, on no pregnancy test, while the patient was recorded as unable to become pregnant is
 * held from dispensing once she can become pregnant (a change of category during the course): it never had a
 * negative test in its window. Dates before 2026-08-08 fall under iPLEDGE 2021, which gives a prescription for a
 * patient who cannot become pregnant 30 days to be filled (written 1 Apr 2026: dispensed by 30 Apr 2026).
 */
const CANNOT_THEN_CAN = (from: string) => [
  { category: "CANNOT_BECOME_PREGNANT" as const, from: "2020-01-01" },
  { category: "CAN_BECOME_PREGNANT" as const, from },
];
const withRx = (categories: PregnancyHistory["categories"], pregnancyTestId: string | null = null): PregnancyHistory =>
  history({
    categories,
    tests: [t("2026-03-30", "LAB", "NEGATIVE", "n1")],
    courses: [course({ startDate: "2026-04-01", prescriptions: [{ id: "r1", writtenOn: "2026-04-01", daysSupply: 30, refills: 0, pregnancyTestId }] })],
  });
const banner = (h: PregnancyHistory, asOf: string) =>
  pregnancyStatus(h, items(h, asOf), asOf, rulesOn(), latestOf(h, { prescriptionId: "r1", date: "2026-04-30", pregnancyTestVoided: false }, asOf));
const HOLD = "Do not dispense: it was written while the patient was recorded as unable to become pregnant";

describe("a prescription written while the patient could not become pregnant", () => {
  it("shows its dispense-by countdown while she still cannot become pregnant", () => {
    const s = banner(withRx([{ category: "CANNOT_BECOME_PREGNANT", from: "2020-01-01" }]), "2026-04-10");
    expect(s.dispenseBy).toEqual({ prescriptionId: "r1", date: "2026-04-30" });
    expect(s.summary).toBe("Cannot become pregnant · dispense by 30 Apr 2026 (20 days left)");
  });

  it("is held, instead of counting down, once she can become pregnant", () => {
    const s = banner(withRx(CANNOT_THEN_CAN("2026-04-05")), "2026-04-10");
    expect(s.category).toBe("CAN_BECOME_PREGNANT");
    expect(s.dispenseBy).toBeNull();
    expect(s.doNotDispense).toEqual({ prescriptionId: "r1", reasons: ["WRITTEN_WHILE_CANNOT_BECOME_PREGNANT"], text: HOLD });
    expect(s.summary).not.toContain("dispense by");
  });

  it("is held when the change is dated the day it was written (written earlier that day, on no test)", () => {
    expect(writtenWhileCannotBecomePregnant(withRx(CANNOT_THEN_CAN("2026-04-01")), "r1", "2026-04-01")).toBe(true);
    expect(banner(withRx(CANNOT_THEN_CAN("2026-04-01")), "2026-04-02").doNotDispense?.text).toBe(HOLD);
  });

  it("is not held before the change, nor when it rests on a test, nor after a change the other way", () => {
    expect(writtenWhileCannotBecomePregnant(withRx(CANNOT_THEN_CAN("2026-04-05")), "r1", "2026-04-04")).toBe(false);
    expect(writtenWhileCannotBecomePregnant(withRx(CANNOT_THEN_CAN("2026-04-01"), "n1"), "r1", "2026-04-10")).toBe(false);
    const canThenCannot = [{ category: "CANNOT_BECOME_PREGNANT" as const, from: "2026-04-05" }];
    expect(writtenWhileCannotBecomePregnant(withRx(canThenCannot), "r1", "2026-04-10")).toBe(false);
    expect(writtenWhileCannotBecomePregnant(withRx(CANNOT_THEN_CAN("2026-04-05")), "no-such-prescription", "2026-04-10")).toBe(false);
  });

  it("is held when, on the day it is dated, the category was changed to cannot and back (its later category in force all day)", () => {
    const flip = [
      { category: "CAN_BECOME_PREGNANT" as const, from: "2020-01-01" },
      { category: "CANNOT_BECOME_PREGNANT" as const, from: "2026-04-01" },
      { category: "CAN_BECOME_PREGNANT" as const, from: "2026-04-01" },
    ];
    expect(writtenWhileCannotBecomePregnant(withRx(flip), "r1", "2026-04-01")).toBe(true);
    expect(writtenWhileCannotBecomePregnant(withRx(flip, "n1"), "r1", "2026-04-01")).toBe(false);
  });

  it("is held when dated ahead and entered while she could not become pregnant, her category changed before its date", () => {
    // Entered 25 Mar while she could not; dated 1 Apr; she can become pregnant from 28 Mar.
    const entered = (enteredOn?: string): PregnancyHistory => ({
      ...withRx(CANNOT_THEN_CAN("2026-03-28")),
      courses: [
        course({
          startDate: "2026-04-01",
          prescriptions: [{ id: "r1", writtenOn: "2026-04-01", daysSupply: 30, refills: 0, pregnancyTestId: null, enteredOn }],
        }),
      ],
    });
    expect(writtenWhileCannotBecomePregnant(entered("2026-03-25"), "r1", "2026-04-02")).toBe(true);
    // Entered the day of the change, on no test: under the earlier category that day.
    expect(writtenWhileCannotBecomePregnant(entered("2026-03-28"), "r1", "2026-04-02")).toBe(true);
    // Entered and dated while she could become pregnant: not written under "cannot" (the check asked for a test).
    expect(writtenWhileCannotBecomePregnant(entered("2026-03-30"), "r1", "2026-04-02")).toBe(false);
    expect(writtenWhileCannotBecomePregnant(entered(undefined), "r1", "2026-04-02")).toBe(false);
  });

  it("is one more reason beside the others", () => {
    expect(dispenseHolds("REVIEW", { pregnancyTestVoided: false, writtenWhileCannotBecomePregnant: true })).toEqual([
      "PRESCRIBING_STOPPED",
      "WRITTEN_WHILE_CANNOT_BECOME_PREGNANT",
    ]);
  });
});
