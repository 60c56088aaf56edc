import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/domain/dates";
import { getImportPreview } from "@/lib/data/import-batches";
import { actAs, makePatient, makeUser, TODAY } from "./helpers";
import { staged } from "./import-helpers";

const HEADER = "mrn,date_of_birth,specimen_date,test_code,value,unit,reference_low,reference_high,lab_flag,pregnancy_test_setting";

/*
 * A file's reference range is read in its row's unit, as a laboratory's (lib/domain/lab-reference-range.ts). A
 * total cholesterol range of 0-200 is a range in mg/dL: written beside a value in mmol/L it would be 0–7,734
 * mg/dL (200 x 38.67), and every value would read as within it. A row whose range cannot be its test's is
 * refused on the limit at fault, never imported with it.
 */
describe("importing lab results with the laboratory's reference range", () => {
  it("refuses a range that cannot be the test's in the row's unit, naming the limit, and takes one that can", async () => {
    const patient = await makePatient();
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const day = addDays(TODAY, -3);
    const row = (cells: string) => `${patient.mrn},2000-01-01,${day},${cells}`;
    const batchId = await staged(
      "labs",
      [HEADER, row("2093-3,5.2,mmol/L,0,200,,"), row("2571-8,1.2,mmol/L,0,1.7,,"), row("2571-8,100,mg/dL,5,150,,"), row("1742-6,30,U/L,,4000,,")].join("\n"),
    );
    const plan = (await getImportPreview(nurse, batchId))!.plan;
    expect(plan.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [
        2,
        "reference_high",
        "Total cholesterol: the reference range 0-200 mmol/L cannot be this test's: read in mmol/L, it is 0–7734 mg/dL, its upper limit above the usual values of the test (at most 500 mg/dL). Correct it, or leave both limits empty for the clinic's range to apply.",
      ],
      [
        4,
        "reference_low",
        "Triglycerides: the reference range 5-150 mg/dL cannot be this test's: it is 5–150 mg/dL, its lower limit below the usual values of the test (at least 20 mg/dL). Correct it, or leave both limits empty for the clinic's range to apply.",
      ],
      [
        5,
        "reference_high",
        "ALT: the reference range <4000 U/L cannot be this test's: it is ≤ 4000 U/L, its upper limit above the usual values of the test (at most 1000 U/L). Correct it, or leave both limits empty for the clinic's range to apply.",
      ],
    ]);
  });
});
