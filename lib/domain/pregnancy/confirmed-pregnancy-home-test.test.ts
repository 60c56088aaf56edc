import { describe, expect, it } from "vitest";
import { course, history, items, rows, rulesOn, rx, t, US } from "./examples";
import { prescribingStop } from "./pregnancy-tests";

/*
 * docs/DOMAIN.md "How the product applies these rule sets": while a confirmed pregnancy stands (no negative test
 * collected on a later day), the routine pregnancy tests (monthly, per prescription, after treatment) are not
 * asked for; and "Settings where a test counts": during and after treatment, home tests count only under the
 * modification and only when the clinic opts in. A home test under iPLEDGE 2021 counts for nothing, so it
 * neither lifts the stop nor ends the confirmed pregnancy.
 */
describe("a confirmed pregnancy followed by a home test that does not count (iPLEDGE 2021)", () => {
  // Course 5 Jan to 10 Mar 2026; positive laboratory test 10 Mar, pregnancy confirmed 11 Mar; home test negative 20 Mar.
  const base = {
    clearances: [{ id: "d1", testId: "p1", decidedOn: "2026-03-11", outcome: "PREGNANCY_CONFIRMED" as const }],
    courses: [course({ startDate: "2026-01-05", endDate: "2026-03-10", prescriptions: [rx("r0", "2026-01-05")] })],
  };
  const positive = t("2026-03-10", "LAB", "POSITIVE", "p1");
  const withHomeTest = history({ ...base, tests: [positive, t("2026-03-20", "HOME")] });
  const without = history({ ...base, tests: [positive] });

  it("keeps prescribing stopped until a later test that counts", () => {
    expect(prescribingStop(withHomeTest, "2026-04-20", rulesOn(US))).toBe("LATER_TEST");
  });

  it("asks for no routine pregnancy test: only the dermatologist's two follow-ups are listed, as without the home test", () => {
    const expected = [
      ["decision:d1:follow-up-1", "2026-03-11", "OVERDUE", null],
      ["decision:d1:follow-up-2", "2026-03-11", "OVERDUE", null],
    ];
    expect(rows(items(without, "2026-04-20"))).toEqual(expected);
    expect(rows(items(withHomeTest, "2026-04-20"))).toEqual(expected);
  });
});
