import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import { addDays } from "@/lib/domain/dates";
import { getImportPreview } from "@/lib/data/import-batches";
import { getWorklist } from "@/lib/data/monitoring";
import { actAs, CLINICIAN, countRows, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { startCourseFor } from "./course-fixture";
import { commit, csvFile, previewConfirmation, staged, upload } from "./import-helpers";

const db = () => testDb();
const HEADER = "mrn,date_of_birth,specimen_date,test_code,value,unit,reference_low,reference_high,lab_flag,pregnancy_test_setting";
const [D10, D25, D60] = [addDays(TODAY, -10), addDays(TODAY, -25), addDays(TODAY, -60)];

/** makePatient's people are born on 2000-01-01. */
const line = (mrn: string, cells: string) => `${mrn},2000-01-01,${cells}`;
const problemsOf = async (user: { id: string; role: Role }, batchId: string) =>
  (await getImportPreview(user, batchId))?.plan.problems.map((p) => [p.row, p.column, p.message]);

describe("importing lab results", () => {
  it("stores each row as the lab form would, completes the stored monitoring items, and changes nothing the second time", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const patient = await makePatient();
    await startCourseFor(patient.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "40" });
    const baseline = async () => (await getWorklist(CLINICIAN, TODAY, { sort: "days" })).rows.filter((r) => r.patientId === patient.id).map((r) => r.kind);
    expect((await baseline()).sort()).toEqual(["BASELINE_LIPIDS", "BASELINE_LIVER"]);

    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const m = patient.mrn;
    const text = [
      HEADER,
      line(m, `${D25},1742-6,20,U/L,,,,`),
      line(m, `${D25},1920-8,22,IU/L,,,,`),
      // 2.0 mmol/L x 88.57 = 177.14 -> 177.1 mg/dL; the lab's range 0-1.7 mmol/L -> 0-150.6 mg/dL: high.
      line(m, `${D25},2571-8,2.0,mmol/L,0,1.7,H,`),
      line(m, `${D25},2093-3,170,mg/dL,,,,`),
      // No range from the lab: the catalogue's 0-150 mg/dL is the range, whatever unit the file uses.
      line(m, `${D60},2571-8,2.0,MMOL/L,,,,`),
    ].join("\n");
    const batchId = await staged("labs", text);
    const preview = await getImportPreview(nurse, batchId);
    expect([preview?.plan.problems, preview?.plan.warnings, preview?.plan.steps.map((s) => s.row)]).toEqual([[], [], [2, 3, 4, 5, 6]]);
    expect(await db().labResult.count({ where: { patientId: patient.id } })).toBe(0);

    expect(await commit(batchId)).toEqual({ state: { status: "ok", message: "Imported 5 rows." } });
    const rows = await db().labResult.findMany({ where: { patientId: patient.id }, orderBy: [{ specimenDate: "asc" }, { code: "asc" }] });
    expect(
      rows.map((r) => [r.code, Number(r.valueNumeric), r.unit, Number(r.enteredValue), r.enteredUnit, Number(r.refHigh), r.labRange, r.labFlag, r.flag]),
    ).toEqual([
      ["2571-8", 177.1, "mg/dL", 2, "MMOL/L", 150, null, null, "HIGH"],
      ["1742-6", 20, "U/L", 20, "U/L", 40, null, null, "NORMAL"],
      ["1920-8", 22, "U/L", 22, "IU/L", 40, null, null, "NORMAL"],
      ["2093-3", 170, "mg/dL", 170, "mg/dL", 200, null, null, "NORMAL"],
      ["2571-8", 177.1, "mg/dL", 2, "mmol/L", 150.6, "0-1.7 mmol/L", "H", "HIGH"],
    ]);
    expect(rows.every((r) => r.enteredById === nurse.id)).toBe(true);
    const audits = await db().auditEvent.findMany({ where: { patientId: patient.id, action: "lab.record" } });
    expect(audits.map((a) => [a.entityId, (a.changes as { inserted: number }).inserted])).toEqual([[batchId, 5]]);
    expect(await db().auditEvent.findFirst({ where: { action: "import.commit", entityId: batchId }, select: { changes: true } })).toEqual({
      changes: { kind: "labs", imported: 5, skipped: 0 },
    });
    // The baseline labs were collected within 30 days before the start: the stored items are complete.
    expect(await baseline()).toEqual([]);

    const again = await staged("labs", text);
    const second = await getImportPreview(nurse, again);
    expect([second?.plan.steps.length, second?.plan.present, second?.importedBefore instanceof Date]).toEqual([0, 5, true]);
    const before = await countRows();
    expect(await commit(again)).toEqual({ state: { status: "ok", message: "Imported 0 rows. Already recorded, left as they were: 5 rows." } });
    expect((await countRows()).labs).toBe(before.labs);
  });

  it("refuses impossible values with the limit named, and imports unusual ones only under a confirmation that covers them", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const m = (await makePatient()).mrn;
    const bad = await staged("labs", [HEADER, line(m, `${D10},2571-8,2500,mg/dL,,,,`), line(m, `${D10},1742-6,25000,U/L,,,,`)].join("\n"));
    const preview = await getImportPreview(nurse, bad);
    expect(preview?.plan.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [3, "value", "ALT: 25000 U/L is above the physiological limit of 20000 U/L."],
    ]);
    expect(preview?.plan.warnings.map((p) => [p.row, p.column, p.message])).toEqual([
      [2, "value", "Triglycerides: 2500 mg/dL is unusually high (above 2000 mg/dL)."],
    ]);

    const batchId = await staged("labs", [HEADER, line(m, `${D10},2571-8,2500,mg/dL,,,,`), line(m, `${D10},1742-6,30,U/L,,,,`)].join("\n"));
    // A confirmation sent for a file without unusual values is stale, and refused too.
    const plain = await staged("labs", `${HEADER}\n${line(m, `${D10},1920-8,30,U/L,,,,`)}\n`);
    const confirmed = await previewConfirmation(nurse, batchId);
    // The same warning previewed for another file (row 2 of `bad`): a confirmation names the batch it was given for.
    const otherFile = await previewConfirmation(nurse, bad);
    const before = await countRows();
    expect(await commit(batchId)).toMatchObject({
      state: { status: "error", fieldErrors: { confirmWarnings: ["Confirm the 1 unusual value listed above: nothing was imported."] } },
    });
    expect(await commit(batchId, otherFile)).toMatchObject({
      state: { status: "error", fieldErrors: { confirmWarnings: ["The file's warnings changed since the preview: review them again. Nothing was imported."] } },
    });
    // A count, as the checkbox once sent, confirms nothing.
    expect(await commit(batchId, "1")).toMatchObject({ state: { status: "error", fieldErrors: { confirmWarnings: ["Reload the page."] } } });
    expect(await commit(plain, confirmed)).toMatchObject({
      state: { status: "error", fieldErrors: { confirmWarnings: ["The preview has changed: reload the page. Nothing was imported."] } },
    });
    expect(await countRows()).toEqual(before);

    expect(await commit(batchId, confirmed)).toEqual({ state: { status: "ok", message: "Imported 2 rows." } });
    const tg = await db().labResult.findFirstOrThrow({ where: { patient: { mrn: m }, code: "2571-8" } });
    expect([Number(tg.valueNumeric), tg.flag]).toEqual([2500, "CRITICAL"]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.record", entityId: batchId } });
    expect(audit.changes).toMatchObject({ importBatchId: batchId, confirmed: ["UNUSUAL"], confirmedRows: [2] });
    expect((await db().auditEvent.findFirstOrThrow({ where: { action: "import.commit", entityId: batchId } })).changes).toMatchObject({
      confirmedWarnings: 1,
    });
  });

  it("imports negative pregnancy tests from before today, and leaves positive, indeterminate and today's tests to the patient's page", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const patient = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const m = patient.mrn;
    const problems = await problemsOf(
      nurse,
      await staged(
        "labs",
        [
          HEADER,
          line(m, `${D10},2106-3,negative,,,,,LAB`),
          line(m, `${addDays(TODAY, -5)},2106-3,POSITIVE,,,,,LAB`),
          line(m, `${addDays(TODAY, -4)},2118-8,Indeterminate,,,,,office`),
          line(m, `${TODAY},2106-3,NEGATIVE,,,,,LAB`),
          line(m, `${addDays(TODAY, -3)},2106-3,NEGATIVE,,,,,`),
          line(m, `${addDays(TODAY, -3)},2571-8,100,mg/dL,,,,LAB`),
          line(m, `${addDays(TODAY, -2)},2106-3,NEGATIVE,mg/dL,,,,HOME`),
        ].join("\n"),
      ),
    );
    const notNegative =
      "A positive or indeterminate pregnancy test is not imported: record it on the patient's page, where a dermatologist documents the decision.";
    expect(problems).toEqual([
      [3, "value", notNegative],
      [4, "value", notNegative],
      [5, "specimen_date", "A pregnancy test taken today is recorded on the patient's page, with the prescription it allows."],
      [6, "pregnancy_test_setting", "Enter where the pregnancy test was done: LAB, OFFICE or HOME."],
      [7, "pregnancy_test_setting", "Only for pregnancy tests; leave it blank."],
      [8, "unit", "Leave it blank for a result reported as negative or positive."],
    ]);
    expect(await db().labResult.count({ where: { patientId: patient.id } })).toBe(0);

    expect(await commit(await staged("labs", `${HEADER}\n${line(m, `${D10},2106-3,negative,,,,,LAB`)}\n`))).toEqual({
      state: { status: "ok", message: "Imported 1 row." },
    });
    const stored = await db().labResult.findMany({ where: { patientId: patient.id } });
    expect(stored.map((r) => [r.analyte, r.valueQualitative, r.pregnancyTestSetting, r.flag])).toEqual([["HCG", "NEGATIVE", "LAB", "NORMAL"]]);
  });

  it("counts a result already recorded, refuses one voided as entered in error, and names every other problem by cell", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const patient = await makePatient();
    const m = patient.mrn;
    const alt = await db().labTest.findFirstOrThrow({ where: { code: "1742-6" } });
    const recorded = {
      patientId: patient.id,
      labTestId: alt.id,
      code: alt.code,
      codeSystem: alt.codeSystem,
      analyte: "ALT",
      unit: "U/L",
      flag: "NORMAL" as const,
    };
    await db().labResult.createMany({
      data: [
        { ...recorded, specimenDate: new Date(`${D10}T00:00:00Z`), valueNumeric: "30", submissionId: randomUUID(), enteredById: nurse.id },
        {
          ...recorded,
          specimenDate: new Date(`${D10}T00:00:00Z`),
          valueNumeric: "33",
          submissionId: randomUUID(),
          enteredById: nurse.id,
          voidedAt: new Date(),
          voidedById: nurse.id,
          voidReason: "Wrong patient",
        },
      ],
    });
    const problems = await problemsOf(
      nurse,
      await staged(
        "labs",
        [
          HEADER,
          line(m, `${D10},1742-6,30,U/L,,,,`),
          line(m, `${D10},1742-6,33,U/L,,,,`),
          line(m, `${D10},9999-9,30,U/L,,,,`),
          line(m, `${D10},2571-8,100,mg/L,,,,`),
          `NOPE-${randomUUID().slice(0, 6)},2000-01-01,${D10},2571-8,100,mg/dL,,,,`,
          line(m, `${D10},2571-8,100,,,,,`),
          line(m, `${D10},2571-8,12.5.1,mg/dL,,,,`),
          line(m, `${D10},1742-6,30,U/L,,,,`),
          line(m, `${D10},2571-8,=1+1,mg/dL,5,3,,`),
          line(m, `${addDays(TODAY, 1)},2571-8,100,mg/dL,,,,`),
        ].join("\n"),
      ),
    );
    expect(problems).toEqual([
      [3, "value", "This result was voided as entered in error on the patient's page; remove the row."],
      [4, "test_code", "No test in the lab catalogue has the code 9999-9."],
      [5, "unit", "The unit mg/L is not accepted for Triglycerides: use mg/dL or mmol/L."],
      [6, "mrn", "No registered patient has this MRN and date of birth."],
      [7, "unit", "Enter the result's unit: mg/dL or mmol/L."],
      [8, "value", "Enter a number (up to 3 decimals), or leave it empty."],
      [9, "value", "The same result is in row 2."],
      [10, "reference_high", "The upper limit must be at least the lower one."],
      [10, "value", "Starts like a spreadsheet formula; type the value itself."],
      [11, "specimen_date", "A result cannot be dated in the future."],
    ]);

    const batchId = await staged("labs", [HEADER, line(m, `${D10},1742-6,30,U/L,,,,`), line(m, `${D10},1920-8,31,U/L,8,40,,`)].join("\n"));
    expect(await commit(batchId)).toEqual({ state: { status: "ok", message: "Imported 1 row. Already recorded, left as they were: 1 row." } });
    expect(await db().labResult.count({ where: { patientId: patient.id } })).toBe(3);
  });
});

describe("lab files that cannot be imported", () => {
  it("names a result the file repeats however it is written (182 and 182.0; mmol/L and its mg/dL), and records it once", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const patient = await makePatient();
    const m = patient.mrn;
    const batchId = await staged(
      "labs",
      [
        HEADER,
        line(m, `${D10},2571-8,182,mg/dL,,,,`),
        line(m, `${D10},2571-8,182.0,mg/dL,,,,`),
        // 2.0 mmol/L x 88.57 = 177.1 mg/dL, the value of row 5.
        line(m, `${D10},2571-8,2.0,mmol/L,,,,`),
        line(m, `${D10},2571-8,177.1,mg/dL,,,,`),
        line(m, `${D10},1742-6,30,U/L,,,,`),
      ].join("\n"),
    );
    expect(await problemsOf(nurse, batchId)).toEqual([
      [3, "value", "The same result is in row 2."],
      [5, "value", "The same result is in row 4."],
    ]);
    expect(await commit(batchId)).toMatchObject({ state: { status: "error" } });
    expect(await db().labResult.count({ where: { patientId: patient.id } })).toBe(0);
  });

  it("refuses office staff, who record no results", async () => {
    actAs(await makeUser("STAFF"));
    expect(await upload("labs", csvFile(`${HEADER}\nA,2000-01-01,2026-01-01,2571-8,100,mg/dL,,,,\n`))).toEqual({
      state: expect.objectContaining({ status: "error", message: "You do not have permission to import lab results." }),
    });
  });

  const rows = (n: number) => [HEADER, ...Array.from({ length: n }, (_, i) => `M-${i},2000-01-01,2026-01-01,2571-8,100,mg/dL,,,,`)].join("\n");
  const cases: [string, File, string][] = [
    [
      "a patients file",
      csvFile("mrn,first_name,last_name,date_of_birth,sex_at_birth,pregnancy_category,indication,phone,email\nA,B,C,2000-01-01,MALE,X,Y,,\n"),
      "The columns do not match the template (missing specimen_date, test_code, value, unit, reference_low, reference_high, lab_flag, " +
        "pregnancy_test_setting; not in the template: first_name, last_name, sex_at_birth, pregnancy_category, indication, phone, email). " +
        "Download the template and copy your data into it.",
    ],
    [
      "UTF-16",
      csvFile(new Uint8Array([0xfe, 0xff, 0x00, 0x6d])),
      "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8 (comma delimited)” and upload it again.",
    ],
    ["5,001 rows", csvFile(rows(5001)), "The file has 5001 rows; at most 5000 are read at once. Split it into smaller files."],
  ];
  it.each(cases)("refuses %s whole, storing nothing", async (_label, file, message) => {
    actAs(await makeUser("NURSE"));
    const [batches, before] = [await db().importBatch.count(), await countRows()];
    expect(await upload("labs", file)).toEqual({ state: expect.objectContaining({ status: "error", fieldErrors: { file: [message] } }) });
    expect([await db().importBatch.count(), await countRows()]).toEqual([batches, before]);
  });
});
