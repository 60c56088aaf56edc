import { randomUUID } from "node:crypto";
import { testDb } from "./helpers";

/*
 * A pregnancy test the clinic added to the lab catalogue as a test of its own, as the catalogue took one before it
 * refused them, and a result recorded under it then: written directly, as the portal no longer writes either.
 */

/** A quantitative hCG under a code of the clinic's own. */
export function addedHcg({ active = true } = {}) {
  const code = `9${String(Math.floor(Math.random() * 9000) + 1000)}-${Math.floor(Math.random() * 10)}`;
  return testDb().labTest.create({
    data: { code, name: "Beta hCG, quantitative (clinic)", analyte: `LOINC:${code}`, kind: "QUANTITATIVE", unit: "m[IU]/mL", active, sortOrder: 500 },
  });
}

/** A result of `value` mIU/mL under that test on `day`, as hand entry recorded it before the refusal. */
export function resultUnder(
  test: { id: string; code: string; codeSystem: string; analyte: string },
  patientId: string,
  day: string,
  value: string,
  enteredById: string,
) {
  return testDb().labResult.create({
    data: {
      patientId,
      labTestId: test.id,
      code: test.code,
      codeSystem: test.codeSystem,
      analyte: test.analyte,
      specimenDate: new Date(`${day}T00:00:00Z`),
      valueNumeric: value,
      unit: "m[IU]/mL",
      enteredValue: value,
      enteredUnit: "m[IU]/mL",
      flag: "NORMAL",
      submissionId: randomUUID(),
      enteredById,
    },
  });
}
