import { describe, expect, it } from "vitest";
import { addCatalogueTestAction } from "@/app/(portal)/lab-catalogue/actions";
import { addDays } from "@/lib/domain/dates";
import { getImportPreview } from "@/lib/data/import-batches";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { commit, staged } from "./import-helpers";

const HEADER = "mrn,date_of_birth,specimen_date,test_code,value,unit,reference_low,reference_high,lab_flag,pregnancy_test_setting";

/*
 * A numeric test the clinic added without a unit (a ratio such as the INR has none): a file's row for it needs
 * no unit, as the portal's form and a laboratory's message need none. A test the catalogue lists a unit for
 * still needs the row's unit: nothing is assumed.
 */
describe("importing results of a numeric test without a unit", () => {
  it("takes a row with no unit for a test the catalogue lists none for, and still asks for one where it lists one", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    expect(
      await addCatalogueTestAction(IDLE, form({ code: "6301-6", name: "INR (clinic)", kind: "QUANTITATIVE", unit: "", refLow: "0.8", refHigh: "1.2" })),
    ).toMatchObject({ status: "ok" });
    const patient = await makePatient();
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const day = addDays(TODAY, -3);
    const batchId = await staged(
      "labs",
      [HEADER, `${patient.mrn},2000-01-01,${day},6301-6,1.1,,,,,`, `${patient.mrn},2000-01-01,${day},1742-6,30,,,,,`].join("\n"),
    );
    const plan = (await getImportPreview(nurse, batchId))!.plan;
    expect(plan.problems.map((p) => [p.row, p.column, p.message])).toEqual([[3, "unit", "Enter the result's unit: U/L or IU/L or [IU]/L."]]);

    const only = await staged("labs", [HEADER, `${patient.mrn},2000-01-01,${day},6301-6,1.1,,,,,`].join("\n"));
    expect((await getImportPreview(nurse, only))!.plan.problems).toEqual([]);
    expect(await commit(only)).toEqual({ state: { status: "ok", message: "Imported 1 row." } });
    const stored = await testDb().labResult.findFirstOrThrow({ where: { patientId: patient.id, code: "6301-6" } });
    expect([Number(stored.valueNumeric), stored.flag]).toEqual([1.1, "NORMAL"]);
  });
});
