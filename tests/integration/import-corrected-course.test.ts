import { describe, expect, it } from "vitest";
import { correctPaperCourse } from "@/lib/data/correct-paper-course";
import { getImportPreview } from "@/lib/data/import-batches";
import { actAs, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { commit, staged } from "./import-helpers";

/**
 * A course imported from a migration file and then corrected on the patient's page keeps the figures it
 * was imported with in paper_record_versions: the same file imported again finds each such row already
 * recorded, says it was corrected since, and leaves it as it is (never an overlap with itself).
 */

const COURSES =
  "mrn,date_of_birth,course_start,course_end,indication,regimen,outcome,weight_kg,target_mg_per_kg,total_mg,period_start,dose_mg,how_often,every_n";

describe("importing a file again after its courses were corrected", () => {
  it("recognises each corrected course as already recorded, since corrected, and imports nothing", async () => {
    const user = await makeUser("DERMATOLOGIST");
    actAs(user);
    const derm = { id: user.id, role: "DERMATOLOGIST" as const };
    const p = await makePatient();
    const course = (cells: string) => `${p.mrn},2000-01-01,${cells}`;
    const text = [
      COURSES,
      // Its total only: 3,000 mg at 60 kg.
      course("2024-01-01,2024-01-31,ACNE_NODULAR,STANDARD,COMPLETED,60,,3000,,,,"),
      // A dose period: 20 mg daily from its start.
      course("2024-03-01,2024-03-31,ACNE_NODULAR,STANDARD,COMPLETED,60,,,2024-03-01,20,DAILY,"),
      // Never corrected.
      course("2024-06-01,2024-06-30,ACNE_NODULAR,STANDARD,COMPLETED,60,,2000,,,,"),
    ].join("\n");
    expect(await commit(await staged("courses", text))).toEqual({ state: { status: "ok", message: "Imported 3 rows." } });

    const recorded = await testDb().course.findMany({ where: { patientId: p.id }, orderBy: { startDate: "asc" } });
    const correct = (c: (typeof recorded)[number], figures: { startDate: string; endDate: string; totalMg: number | null }) =>
      correctPaperCourse(derm, { courseId: c.id, version: c.version, weightGrams: 60_000, reason: "Misread the chart", ...figures }, TODAY);
    // The first course started a week later and ran into February; the second stopped on 20 March.
    await correct(recorded[0]!, { startDate: "2024-01-08", endDate: "2024-02-10", totalMg: 3000 });
    await correct(recorded[1]!, { startDate: "2024-03-01", endDate: "2024-03-20", totalMg: null });

    const again = await staged("courses", text);
    const preview = await getImportPreview(user, again);
    expect(preview?.plan).toMatchObject({ problems: [], steps: [], present: 3 });
    expect(preview?.plan.notes).toEqual([
      { row: 2, column: "course_start", message: "Already recorded, since corrected on the patient's page (now 8 Jan 2024 to 10 Feb 2024): left as it is." },
      { row: 3, column: "course_end", message: "Already recorded, since corrected on the patient's page (now 1 Mar 2024 to 20 Mar 2024): left as it is." },
    ]);
    expect(await commit(again)).toEqual({ state: { status: "ok", message: "Imported 0 rows. Already recorded, left as they were: 3 rows." } });
    const after = await testDb().course.findMany({ where: { patientId: p.id }, orderBy: { startDate: "asc" } });
    expect(after.map((c) => [c.startDate.toISOString().slice(0, 10), c.endDate?.toISOString().slice(0, 10), c.version])).toEqual(
      recorded.map((c, i) => [["2024-01-08", "2024-03-01", "2024-06-01"][i], ["2024-02-10", "2024-03-20", "2024-06-30"][i], i < 2 ? c.version + 1 : c.version]),
    );
  });
});
