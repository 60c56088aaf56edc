import { describe, expect, it } from "vitest";
import { DEFAULT_PROTOCOL, protocolResolver } from "./protocol";
import { flagResult } from "./flags";
import {
  repeatDateBounds,
  repeatDueDate,
  repeatFollowsCorrection,
  repeatItems,
  repeatLabel,
  repeatsAfterCorrectionText,
  type RepeatInputs,
  type RepeatRequest,
  type RepeatResult,
} from "./repeat";

// A triglyceride of 5 Jan 2027 reviewed on 8 Jan with "Repeat test" in 14 days: due 22 Jan.
const request = (over: Partial<RepeatRequest> = {}): RepeatRequest => ({
  id: "6f1c2d3e-0000-4000-8000-000000000001",
  analyte: "TG",
  testName: "Triglycerides",
  specimenDate: "2027-01-05",
  voided: false,
  dueDate: "2027-01-22",
  ...over,
});
const result = (specimenDate: string, over: Partial<RepeatResult> = {}): RepeatResult => ({ analyte: "TG", specimenDate, voided: false, ...over });
const items = (inputs: Partial<RepeatInputs>, asOf = "2027-01-08", waivers = []) =>
  repeatItems({ requests: [request()], results: [], ...inputs }, asOf, waivers, () => DEFAULT_PROTOCOL);
const only = (inputs: Partial<RepeatInputs>, asOf?: string) => {
  const list = items(inputs, asOf);
  expect(list).toHaveLength(1);
  return list[0]!;
};

describe("the due date of a repeat", () => {
  it("counts days from the review, 1 to 90", () => {
    expect(repeatDueDate({ inDays: 14 }, "2027-01-08")).toEqual({ ok: true, dueDate: "2027-01-22" });
    expect(repeatDueDate({ inDays: 1 }, "2027-01-08")).toEqual({ ok: true, dueDate: "2027-01-09" });
    expect(repeatDueDate({ inDays: 90 }, "2027-01-08")).toEqual({ ok: true, dueDate: "2027-04-08" });
    expect(repeatDueDate({ inDays: 0 }, "2027-01-08")).toEqual({ ok: false, message: "Enter a whole number of days from 1 to 90." });
    expect(repeatDueDate({ inDays: 91 }, "2027-01-08")).toMatchObject({ ok: false });
  });
  it("takes a date from tomorrow to 90 days ahead", () => {
    expect(repeatDueDate({ on: "2027-02-01" }, "2027-01-08")).toEqual({ ok: true, dueDate: "2027-02-01" });
    expect(repeatDueDate({ on: "2027-01-08" }, "2027-01-08")).toEqual({
      ok: false,
      message: "Choose a date from tomorrow to 8 Apr 2027 (at most 90 days ahead).",
    });
    expect(repeatDueDate({ on: "2027-04-09" }, "2027-01-08")).toMatchObject({ ok: false });
    expect(repeatDueDate({ on: "2026-12-01" }, "2027-01-08")).toMatchObject({ ok: false });
  });
});

describe("the dates the review form offers for a repeat", () => {
  it("run from tomorrow to 90 days ahead, across a month and a year's end", () => {
    expect(repeatDateBounds("2027-01-08")).toEqual({ min: "2027-01-09", max: "2027-04-08" });
    expect(repeatDateBounds("2026-12-31")).toEqual({ min: "2027-01-01", max: "2027-03-31" });
    // Leap year: 29 Feb 2028 counts.
    expect(repeatDateBounds("2028-02-28")).toEqual({ min: "2028-02-29", max: "2028-05-28" });
  });
  it("are the dates the server accepts, and no others", () => {
    const { min, max } = repeatDateBounds("2027-01-08");
    expect([min, max].map((on) => repeatDueDate({ on }, "2027-01-08").ok)).toEqual([true, true]);
    expect(["2027-01-08", "2027-04-09"].map((on) => repeatDueDate({ on }, "2027-01-08").ok)).toEqual([false, false]);
  });
});

describe("a repeat when the reviewed result is corrected", () => {
  const tg = (value: number) => flagResult({ analyte: "TG", valueNumeric: value, unit: "mg/dL", valueQualitative: null, refLow: 0, refHigh: 150 }).flag;
  it("follows a correction that is still abnormal by the flag rules: above the lab range, at the action or critical level", () => {
    expect([tg(160), tg(612), tg(900)]).toEqual(["HIGH", "ACTION", "CRITICAL"]);
    expect([tg(160), tg(612), tg(900)].map(repeatFollowsCorrection)).toEqual([true, true, true]);
    expect(repeatFollowsCorrection("LOW")).toBe(true);
  });
  it("stays with the voided result when the correction is normal", () => {
    expect(tg(120)).toBe("NORMAL");
    expect(repeatFollowsCorrection(tg(120))).toBe(false);
  });
  it("is told to whoever corrected the result, one sentence per repeat", () => {
    const label = "Repeat triglycerides (after the result of 20 Nov 2026)";
    expect(repeatsAfterCorrectionText(null)).toEqual([]);
    expect(repeatsAfterCorrectionText({ stillListed: [], noLongerListed: [] })).toEqual([]);
    expect(repeatsAfterCorrectionText({ stillListed: [{ label, dueDate: "2026-12-07" }], noLongerListed: [{ label, dueDate: "2026-12-10" }] })).toEqual([
      "Repeat triglycerides (after the result of 20 Nov 2026), asked for when the result was reviewed, stays listed under Monitoring, due 7 Dec 2026: the corrected result is still abnormal.",
      "Repeat triglycerides (after the result of 20 Nov 2026), asked for when the result was reviewed, is no longer listed under Monitoring: the corrected result is normal.",
    ]);
  });
  it("says a void took it away, and names the patient where one answer covers several", () => {
    const label = "Repeat ALT (after the result of 20 Nov 2026)";
    expect(repeatsAfterCorrectionText({ stillListed: [], noLongerListed: [{ label, dueDate: "2026-12-07" }] }, "voided")).toEqual([
      "Repeat ALT (after the result of 20 Nov 2026), asked for when the result was reviewed, is no longer listed under Monitoring: the result is marked as entered in error.",
    ]);
    const patient = { name: "Diaz, Ana", mrn: "100234" };
    expect(repeatsAfterCorrectionText({ stillListed: [{ label, dueDate: "2026-12-07", patient }], noLongerListed: [] })).toEqual([
      "Diaz, Ana (MRN 100234): Repeat ALT (after the result of 20 Nov 2026), asked for when the result was reviewed, stays listed under Monitoring, due 7 Dec 2026: the corrected result is still abnormal.",
    ]);
  });
});

describe("a repeat test asked for at a review", () => {
  it("is a dated item named for the test and the reviewed result, with the lab items' windows", () => {
    expect(only({})).toMatchObject({
      key: "repeat:6f1c2d3e-0000-4000-8000-000000000001:lab",
      kind: "LAB_REPEAT",
      label: "Repeat triglycerides (after the result of 5 Jan 2027)",
      courseId: null,
      dueDate: "2027-01-22",
      dueSoonDays: 7,
      overdueAfterDays: 14,
      status: "NOT_DUE",
      completedOn: null,
      reason: "Asked for when the result of 5 Jan 2027 was reviewed; a triglycerides result collected after that day completes it.",
    });
    expect(repeatLabel({ analyte: "ALT", testName: "ALT", specimenDate: "2027-01-05" })).toBe("Repeat ALT (after the result of 5 Jan 2027)");
    // The article as the test's name is said.
    expect(only({ requests: [request({ analyte: "ALT", testName: "ALT" })] }).reason).toBe(
      "Asked for when the result of 5 Jan 2027 was reviewed; an ALT result collected after that day completes it.",
    );
    expect(repeatLabel({ analyte: "LOINC:2276-4", testName: "Ferritin", specimenDate: "2027-01-05" })).toBe("Repeat ferritin (after the result of 5 Jan 2027)");
  });

  it("moves from due soon to due to overdue as the protocol's lab items do", () => {
    expect(only({}, "2027-01-15").status).toBe("DUE_SOON");
    expect(only({}, "2027-01-22").status).toBe("DUE");
    expect(only({}, "2027-02-05").status).toBe("DUE");
    expect(only({}, "2027-02-06")).toMatchObject({ status: "OVERDUE", daysOverdue: 15 });
  });

  it("takes the windows of the protocol version in force on its due date", () => {
    const on = protocolResolver([{ effectiveFrom: "2027-01-20", protocol: { ...DEFAULT_PROTOCOL, dueSoonDays: 3, overdueAfterDays: 5 } }]);
    const [item] = repeatItems({ requests: [request()], results: [] }, "2027-01-08", [], on);
    expect(item).toMatchObject({ dueSoonDays: 3, overdueAfterDays: 5 });
  });

  it("is completed by a later current result of the same analyte, on the day it was collected", () => {
    const done = only({ results: [result("2027-01-30"), result("2027-01-19")] }, "2027-02-10");
    expect(done).toMatchObject({ status: "COMPLETED", completedOn: "2027-01-19", reason: "Repeat triglycerides collected 19 Jan 2027." });
  });

  it("is not completed by the reviewed result itself, a result of the same day, an earlier one, a voided one or another analyte's", () => {
    const open = only(
      {
        results: [
          result("2027-01-05"), // the reviewed result (and any copy of it)
          result("2026-12-20"),
          result("2027-01-12", { voided: true }),
          result("2027-01-12", { analyte: "ALT" }),
        ],
      },
      "2027-02-10",
    );
    expect(open).toMatchObject({ status: "OVERDUE", completedOn: null });
  });

  it("is gone while the reviewed result is voided", () => {
    expect(items({ requests: [request({ voided: true })] })).toEqual([]);
    expect(
      items({ requests: [request({ voided: true }), request({ id: "6f1c2d3e-0000-4000-8000-000000000002", analyte: "ALT", testName: "ALT" })] }),
    ).toHaveLength(1);
  });

  it("is waived like any item", () => {
    const waiver = {
      itemKey: "repeat:6f1c2d3e-0000-4000-8000-000000000001:lab",
      reason: "Repeated elsewhere",
      waivedBy: "Dr A",
      waivedAt: "2027-01-20T10:00:00.000Z",
    };
    const [item] = repeatItems({ requests: [request()], results: [] }, "2027-01-20", [waiver], () => DEFAULT_PROTOCOL);
    expect(item).toMatchObject({ status: "WAIVED", reason: "Waived: Repeated elsewhere" });
  });

  it("lists nothing without requests", () => {
    expect(repeatItems(undefined, "2027-01-08", [], () => DEFAULT_PROTOCOL)).toEqual([]);
  });
});
