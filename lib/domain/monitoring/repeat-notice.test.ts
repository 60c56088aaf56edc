import { describe, expect, it } from "vitest";
import { repeatNoticeText } from "./repeat-notice";

const label = "Repeat triglycerides (after the result of 20 Nov 2026)";

describe("the notice of a repeat test no longer listed", () => {
  it("names the laboratory, the corrected value and the day for the laboratory's correction, whoever attached it", () => {
    expect(repeatNoticeText({ label, cause: "LAB_CORRECTION", on: "2026-11-23", by: "Nina Ruiz", value: "120 mg/dL", reason: null })).toBe(
      "Repeat triglycerides (after the result of 20 Nov 2026) no longer needed: the laboratory corrected the result to 120 mg/dL (normal) on 23 Nov 2026.",
    );
  });
  it("names who corrected it by hand", () => {
    expect(repeatNoticeText({ label, cause: "CORRECTION", on: "2027-01-02", by: "Nina Ruiz", value: "98 mg/dL", reason: null })).toBe(
      "Repeat triglycerides (after the result of 20 Nov 2026) no longer needed: Nina Ruiz corrected the result to 98 mg/dL (normal) on 2 Jan 2027.",
    );
  });
  it("says a voided result's repeat is no longer listed (not that it is no longer needed), with who and why", () => {
    expect(repeatNoticeText({ label, cause: "VOID", on: "2026-11-23", by: "Nina Ruiz", value: null, reason: "Wrong patient" })).toBe(
      "Repeat triglycerides (after the result of 20 Nov 2026) no longer listed: Nina Ruiz marked the result as entered in error on 23 Nov 2026 (Wrong patient).",
    );
  });
});
