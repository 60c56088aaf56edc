import { beforeAll, describe, expect, it } from "vitest";
import { getThresholds } from "@/lib/data/config";
import { ensureReferenceData } from "@/lib/data/reference-data";
import { prepareLabRow } from "@/lib/data/lab-rows";
import { testDb, TODAY } from "./helpers";

/** The range a result is judged by, in the unit it is stored in, whatever unit the value came in. */
describe("a result's range", () => {
  beforeAll(() => ensureReferenceData(testDb()));
  const entry = { patientId: "00000000-0000-4000-8000-000000000001", specimenDate: TODAY, pregnancyTestSetting: null, submissionId: "s", enteredById: null };
  const triglycerides = () => testDb().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
  const received = (over: Partial<{ refLow: number | null; refHigh: number | null }>) => ({
    unit: "mmol/L",
    refLow: null,
    refHigh: null,
    labRange: null,
    labFlag: null,
    ...over,
  });

  it("a laboratory's mmol/L value with no range is judged by the catalogue's mg/dL range, not that range read as mmol/L", async () => {
    // 2.5 mmol/L x 88.57 = 221.425, stored to one decimal: 221.4 mg/dL, above the catalogue's 0-150 mg/dL.
    const p = prepareLabRow(await triglycerides(), { numeric: "2.5", qualitative: null }, await getThresholds(TODAY), entry, "mmol/L", received({}));
    expect(p.ok && [p.row.valueNumeric, p.row.refLow, p.row.refHigh, p.row.flag]).toEqual(["221.4", "0", "150", "HIGH"]);
  });

  it("a laboratory's own mmol/L range is converted with its value", async () => {
    // 0-1.7 mmol/L = 0-150.6 mg/dL (one decimal): 1.6 mmol/L (141.7 mg/dL) is within it.
    const p = prepareLabRow(
      await triglycerides(),
      { numeric: "1.6", qualitative: null },
      await getThresholds(TODAY),
      entry,
      "mmol/L",
      received({ refLow: 0, refHigh: 1.7 }),
    );
    expect(p.ok && [p.row.valueNumeric, p.row.refLow, p.row.refHigh, p.row.flag]).toEqual(["141.7", "0", "150.6", "NORMAL"]);
  });
});
