import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fhirIssues } from "../fhir-validator";
import { fhirGet, makeApiClient, type Res } from "./fhir-record";
import { actAs, makeUser, testDb } from "./helpers";
import { commit, staged } from "./import-helpers";

describe("a clinic migrated from spreadsheets, read back through the FHIR API", () => {
  it("imports patients, weights, past courses and lab results, and exports the figures and values computed by hand", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const tag = randomUUID().slice(0, 6).toUpperCase();
    const [a, b] = [`RT-${tag}-1`, `RT-${tag}-2`];
    const patients = await staged(
      "patients",
      [
        "mrn,first_name,last_name,date_of_birth,sex_at_birth,pregnancy_category,indication,phone,email",
        `${a},Elin,Voss,1998-05-05,FEMALE,CAN_BECOME_PREGNANT,ACNE_NODULAR,,`,
        `${b},Omar,Haddad,2000-10-10,MALE,CANNOT_BECOME_PREGNANT,ACNE_SCARRING,,`,
      ].join("\n"),
    );
    expect(await commit(patients)).toEqual({ state: { status: "ok", message: "Imported 2 rows." } });
    const weights = await staged("weights", ["mrn,date_of_birth,measured_on,weight_kg", `${a},1998-05-05,2026-10-01,58.5`].join("\n"));
    expect(await commit(weights)).toEqual({ state: { status: "ok", message: "Imported 1 row." } });
    const courses = await staged(
      "courses",
      [
        "mrn,date_of_birth,course_start,course_end,indication,regimen,outcome,weight_kg,target_mg_per_kg,total_mg,period_start,dose_mg,how_often,every_n",
        // Elin: 3 .. 30 Jun 2024 at 60 kg, 40 mg daily 3 .. 16 Jun (14 x 40 = 560), 60 mg from 17 Jun (14 x 60 = 840):
        // 1,400 mg, 23.33 mg/kg (FHIR quantities carry two decimals).
        `${a},1998-05-05,2024-06-03,2024-06-30,ACNE_NODULAR,STANDARD,COMPLETED,60,,,2024-06-03,40,DAILY,`,
        `${a},1998-05-05,2024-06-03,2024-06-30,ACNE_NODULAR,STANDARD,COMPLETED,60,,,2024-06-17,60,DAILY,`,
        // Omar: only the total, 8,400 mg at 70 kg: 120 mg/kg.
        `${b},2000-10-10,2023-01-09,2023-07-28,ACNE_SCARRING,STANDARD,COMPLETED,70,,8400,,,,`,
      ].join("\n"),
    );
    expect(await commit(courses)).toEqual({ state: { status: "ok", message: "Imported 2 rows." } });
    const labs = await staged(
      "labs",
      [
        "mrn,date_of_birth,specimen_date,test_code,value,unit,reference_low,reference_high,lab_flag,pregnancy_test_setting",
        // 2.0 mmol/L x 88.57 = 177.1 mg/dL, with the lab's range 0-1.7 mmol/L = 0-150.6 mg/dL.
        `${a},1998-05-05,2026-10-01,2571-8,2.0,mmol/L,0,1.7,H,`,
        `${a},1998-05-05,2026-10-01,1742-6,31,U/L,,,,`,
        `${a},1998-05-05,2026-10-02,2106-3,NEGATIVE,,,,,LAB`,
      ].join("\n"),
    );
    expect(await commit(labs)).toEqual({ state: { status: "ok", message: "Imported 3 rows." } });

    const client = await makeApiClient("DERMATOLOGIST");
    const figures: [string, number, number][] = [];
    for (const mrn of [a, b]) {
      const patient = await testDb().patient.findUniqueOrThrow({ where: { mrn }, select: { id: true } });
      const r = await fhirGet(`Patient/${patient.id}/$everything`, client.token);
      expect(r.status).toBe(200);
      expect(fhirIssues(r.body as never)).toEqual([]);
      const resources: Res[] = r.body.entry.map((e: Res) => e.resource);
      const quantity = (suffix: string) => resources.find((x) => x.id?.endsWith(suffix))?.valueQuantity.value;
      figures.push([mrn, quantity(".cumulative-dose-mg"), quantity(".cumulative-dose-mg-per-kg")]);
      if (mrn === a)
        expect(
          resources.filter((x) => x.resourceType === "Observation" && x.code.coding.some((c: Res) => c.code === "29463-7")).map((x) => x.valueQuantity.value),
        ).toEqual([58.5]);
      if (mrn === a)
        expect(
          resources
            .filter((x) => x.resourceType === "Observation" && x.category.some((c: Res) => c.coding.some((k: Res) => k.code === "laboratory")))
            .map((x) => [x.code.coding[0].code, x.effectiveDateTime, x.valueQuantity ?? x.valueCodeableConcept.text, x.referenceRange?.[0].high?.value])
            .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
        ).toEqual([
          ["1742-6", "2026-10-01", { value: 31, unit: "U/L", system: "http://unitsofmeasure.org", code: "U/L" }, 40],
          ["2106-3", "2026-10-02", "Negative", undefined],
          ["2571-8", "2026-10-01", { value: 177.1, unit: "mg/dL", system: "http://unitsofmeasure.org", code: "mg/dL" }, 150.6],
        ]);
    }
    expect(figures).toEqual([
      [a, 1400, 23.33],
      [b, 8400, 120],
    ]);
  });
});
