import { describe, expect, it } from "vitest";
import { completionBelowTarget } from "./targets";

describe("completing a course below its target", () => {
  it("asks for confirmation below the target, naming how far the patient got", () => {
    expect(completionBelowTarget(83.7, 120)).toEqual({
      code: "COMPLETED_BELOW_TARGET",
      message:
        'On its last day the patient is at 83.7 mg/kg of the 120 mg/kg target (70%), while "Complete" records the target as reached. ' +
        'Choose "Stop early" for a course ended before its target.',
    });
    expect(completionBelowTarget(119.9, 120)?.code).toBe("COMPLETED_BELOW_TARGET");
  });

  it("asks nothing at or past the target, or for a course without one", () => {
    expect(completionBelowTarget(120, 120)).toBeNull();
    expect(completionBelowTarget(131.2, 120)).toBeNull();
    expect(completionBelowTarget(12, null)).toBeNull();
  });
});
