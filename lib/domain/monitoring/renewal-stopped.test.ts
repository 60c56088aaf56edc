import { describe, expect, it } from "vitest";
import type { PregnancyHistory } from "../pregnancy";
import { CANNOT, history, rulesOn, t } from "../pregnancy/examples";
import { course } from "./examples";
import { computeMonitoringItems, DEFAULT_PROTOCOL } from "./protocol";

/*
 * While prescribing is stopped after a pregnancy test (a positive or indeterminate test awaiting a dermatologist's
 * decision, or decided but not yet answered by a negative test, or a pregnancy test result the rules cannot read
 * yet), no new prescription can be written: the office is not asked to chase one. The renewal comes back, under
 * its own key and due date, once the stop ends.
 */
describe("prescription renewal while prescribing is stopped", () => {
  // A course from 2 Mar 2026 whose prescriptions supply it through 31 Mar: a new prescription is due 1 Apr.
  const supplied = course({ suppliedThrough: "2026-03-31" });
  const renewals = (pregnancy: PregnancyHistory, asOf = "2026-03-28") =>
    computeMonitoringItems({ courses: [supplied], labs: [], waivers: [], pregnancy }, asOf, () => DEFAULT_PROTOCOL, rulesOn())
      .filter((i) => i.kind === "RX_RENEWAL")
      .map((i) => [i.key, i.dueDate, i.status]);
  const RENEWAL = [["course:c1:rx-renewal:2026-03-31", "2026-04-01", "DUE_SOON"]];
  const positive = t("2026-03-25", "LAB", "POSITIVE", "p1");

  it("is listed while nothing stops prescribing", () => {
    expect(renewals(history({ tests: [t("2026-03-20")] }))).toEqual(RENEWAL);
  });

  it("is not listed while a positive or indeterminate test awaits a decision, whatever the category", () => {
    expect(renewals(history({ tests: [t("2026-03-20"), positive] }))).toEqual([]);
    expect(renewals(history({ tests: [t("2026-03-20"), t("2026-03-25", "OFFICE", "INDETERMINATE", "i1")] }))).toEqual([]);
    expect(renewals(history({ categories: CANNOT, tests: [positive] }))).toEqual([]);
  });

  it("is not listed after a decision until a negative test answers it, then comes back with its own key and date", () => {
    const decided = (outcome: "FALSE_POSITIVE" | "PREGNANCY_CONFIRMED") => [{ testId: "p1", decidedOn: "2026-03-26", outcome }];
    expect(renewals(history({ tests: [positive], clearances: decided("PREGNANCY_CONFIRMED") }))).toEqual([]);
    expect(renewals(history({ tests: [positive], clearances: decided("FALSE_POSITIVE") }))).toEqual([]);
    expect(renewals(history({ tests: [positive, t("2026-03-27")], clearances: decided("FALSE_POSITIVE") }))).toEqual(RENEWAL);
    // The test that stops it counts from its own day: a renewal listed before it is not rewritten.
    expect(renewals(history({ tests: [t("2026-04-03", "LAB", "POSITIVE", "p2")] }), "2026-04-02")).toEqual([
      ["course:c1:rx-renewal:2026-03-31", "2026-04-01", "OVERDUE"],
    ]);
  });

  it("is not listed while a laboratory's pregnancy test waits for a dermatologist, or a result the rules cannot read is on the chart", () => {
    expect(renewals(history({ tests: [t("2026-03-20")], queuedLabResults: [{ id: "q1", specimenDate: "2026-03-24" }] }))).toEqual([]);
    expect(renewals(history({ tests: [t("2026-03-20")], unreadPregnancyResults: [{ id: "u1", specimenDate: "2026-03-24" }] }))).toEqual([]);
  });
});
