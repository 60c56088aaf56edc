import { describe, expect, it } from "vitest";
import { rangeText } from "@/app/(portal)/patients/[patientId]/_components/lab-text";

describe("a reference range as the lab table and the entry form show it", () => {
  it("names its unit, so a value entered in another unit is not read against it", () => {
    expect(rangeText(0, 150, "mg/dL")).toBe("0-150 mg/dL");
    expect(rangeText(null, 40, "U/L")).toBe("≤ 40 U/L");
    expect(rangeText(40, null, "mg/dL")).toBe("≥ 40 mg/dL");
  });
  it("is a dash when there is none, and bare when the test has no unit", () => {
    expect(rangeText(null, null, "mg/dL")).toBe("—");
    expect(rangeText(1, 5)).toBe("1-5");
  });
});
