import { describe, expect, it } from "vitest";
import { describeLab, importedMessage } from "./summary";

const row = (over: Partial<Parameters<typeof describeLab>[0]["data"]>) => ({
  testName: "Triglycerides",
  data: {
    specimenDate: new Date("2026-03-05T00:00:00Z"),
    valueNumeric: "177.1",
    valueQualitative: null,
    unit: "mg/dL",
    enteredValue: "2",
    enteredUnit: "mmol/L",
    flag: "HIGH" as const,
    ...over,
  },
});

describe("import summaries", () => {
  it("counts what was written and what was already there", () => {
    expect(importedMessage(3, 0)).toBe("Imported 3 rows.");
    expect(importedMessage(0, 1)).toBe("Imported 0 rows. Already recorded, left as they were: 1 row.");
  });

  it("shows a lab row as it will be stored, with the file's value when it was converted, and its flag", () => {
    expect(describeLab(row({}))).toBe("Triglycerides 177.1 mg/dL (2 mmol/L in the file) on 5 Mar 2026 · high");
    expect(describeLab(row({ valueNumeric: "120", enteredValue: "120", enteredUnit: "mg/dL", flag: "NORMAL" }))).toBe("Triglycerides 120 mg/dL on 5 Mar 2026");
    const hcg = { valueNumeric: null, valueQualitative: "NEGATIVE" as const, unit: null, enteredValue: null, enteredUnit: null, flag: "NORMAL" as const };
    expect(describeLab({ ...row(hcg), testName: "hCG, urine (qualitative)" })).toBe("hCG, urine (qualitative) negative on 5 Mar 2026");
  });
});
