import { describe, expect, it } from "vitest";
import { getImportPreview } from "@/lib/data/import-batches";
import { actAs, makePatient, makeUser } from "./helpers";
import { staged } from "./import-helpers";

const COURSE_HEADER =
  "mrn,date_of_birth,course_start,course_end,indication,regimen,outcome,weight_kg,target_mg_per_kg,total_mg,period_start,dose_mg,how_often,every_n";

describe("importing past courses: how often a dose was taken", () => {
  it("a period with a number of days but no pattern is a problem, never read as daily", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const patient = await makePatient();
    // 20 mg every 2 days meant, how_often left blank: read as daily, 1 .. 30 Mar 2024 counts 600 mg instead of 300.
    const text = [COURSE_HEADER, `${patient.mrn},2000-01-01,2024-03-01,2024-03-30,ACNE_NODULAR,ALTERNATE_DAY,COMPLETED,60,,,2024-03-01,20,,2`].join("\n");
    const preview = await getImportPreview(derm, await staged("courses", text));
    expect(preview?.plan.problems.map((p) => [p.row, p.column])).toEqual([[2, "every_n"]]);
  });
});
