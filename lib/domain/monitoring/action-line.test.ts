import { describe, expect, it } from "vitest";
import { actionLineFor, DEFAULT_THRESHOLDS } from "./flags";

describe("a trend chart's action line", () => {
  it("is the clinic's triglyceride action threshold", () => {
    expect(actionLineFor("TG", DEFAULT_THRESHOLDS)).toBe(500);
    expect(actionLineFor("TG", { ...DEFAULT_THRESHOLDS, TG: { action: 400, critical: 800 } })).toBe(400);
  });

  it("is drawn for no other analyte", () => {
    for (const analyte of ["ALT", "AST", "CHOL", "LDL", "HDL"]) expect(actionLineFor(analyte, DEFAULT_THRESHOLDS)).toBeNull();
  });
});
