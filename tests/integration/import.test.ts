import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { correctWeight } from "@/lib/data/correct-weight";
import { getImportPreview } from "@/lib/data/import-batches";
import { getPatientTreatment } from "@/lib/data/treatment";
import { actAs, CLINICIAN, countRows, makeUser, testDb, TODAY } from "./helpers";
import { commit, csvFile, previewConfirmation, staged, upload } from "./import-helpers";

const db = () => testDb();
const PATIENT_HEADER = "mrn,first_name,last_name,date_of_birth,sex_at_birth,pregnancy_category,indication,phone,email";
const WEIGHT_HEADER = "mrn,date_of_birth,measured_on,weight_kg";

/** A registered patient with an MRN, "First Last", a date of birth, sex and category (indication: nodular acne). */
const registered = (
  mrn: string,
  name: string,
  dateOfBirth: string,
  sexAtBirth: "FEMALE" | "MALE",
  pregnancyCategory: "CAN_BECOME_PREGNANT" | "CANNOT_BECOME_PREGNANT",
) => {
  const [firstName, lastName] = name.split(" ") as [string, string];
  return db().patient.create({
    data: { mrn, firstName, lastName, dateOfBirth: new Date(`${dateOfBirth}T00:00:00Z`), sexAtBirth, pregnancyCategory, indication: "ACNE_NODULAR" },
  });
};

/** Unique MRNs per test, so files of one test never meet another's patients. */
const mrns = () => {
  const tag = randomUUID().slice(0, 6).toUpperCase();
  return [1, 2, 3].map((n) => `IMP-${tag}-${n}`);
};

describe("importing patients from a spreadsheet", () => {
  it("previews, imports every row with its audit row, and changes nothing when the same file comes again", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const [a, b] = mrns();
    const text = `${PATIENT_HEADER}\n${a},Dana,Okafor,1999-02-28,female,CAN_BECOME_PREGNANT,ACNE_NODULAR,201-555-0101,\n"${b}","Lee","O'Neil",2004-11-30,MALE,can become pregnant,ROSACEA,,lee@example.test\n`;
    const batchId = await staged("patients", text);

    const preview = await getImportPreview(nurse, batchId);
    expect(preview?.plan.problems).toEqual([]);
    expect(preview?.plan.steps.map((s) => [s.row, s.kind === "patients" ? s.input.mrn : null])).toEqual([
      [2, a],
      [3, b],
    ]);
    expect(await db().patient.count({ where: { mrn: { in: [a!, b!] } } })).toBe(0);

    expect(await commit(batchId)).toEqual({ state: { status: "ok", message: "Imported 2 rows." } });
    const rows = await db().patient.findMany({ where: { mrn: { in: [a!, b!] } }, orderBy: { mrn: "asc" } });
    expect(rows.map((p) => [p.mrn, p.firstName, p.lastName, p.dateOfBirth.toISOString().slice(0, 10), p.sexAtBirth, p.indication, p.phone, p.email])).toEqual([
      // The phone number kept in E.164, as the patient form keeps it.
      [a, "Dana", "Okafor", "1999-02-28", "FEMALE", "ACNE_NODULAR", "+12015550101", null],
      [b, "Lee", "O'Neil", "2004-11-30", "MALE", "ROSACEA", null, "lee@example.test"],
    ]);
    const created = await db().auditEvent.findMany({ where: { action: "patient.create", patientId: { in: rows.map((r) => r.id) } } });
    expect(created).toHaveLength(2);
    for (const event of created) expect(event.changes).toMatchObject({ importBatchId: batchId });
    expect(await db().auditEvent.count({ where: { action: "import.commit", entityId: batchId } })).toBe(1);

    // A second click on the same preview is refused; the same file uploaded again imports nothing.
    expect(await commit(batchId)).toMatchObject({ state: { status: "error", message: expect.stringContaining("already been imported") } });
    const again = await staged("patients", text);
    const second = await getImportPreview(nurse, again);
    expect([second?.plan.steps.length, second?.plan.present, second?.importedBefore instanceof Date]).toEqual([0, 2, true]);
    const before = await countRows();
    expect(await commit(again)).toEqual({ state: { status: "ok", message: "Imported 0 rows. Already recorded, left as they were: 2 rows." } });
    expect((await countRows()).patients).toBe(before.patients);
  });

  it("lists every problem by row and column and writes nothing while one remains", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const [a, b, c] = mrns();
    const existing = await registered(c!, "Sam Ito", "1990-05-05", "MALE", "CANNOT_BECOME_PREGNANT");
    const text = [
      PATIENT_HEADER,
      `${a},Ana,Ruiz,2001-02-30,FEMALE,CAN_BECOME_PREGNANT,ACNE_NODULAR,,`,
      `${a},Ana,Ruiz,2001-02-03,FEMALE,CAN_BECOME_PREGNANT,ACNE_NODULAR,,`,
      `${b},=HYPERLINK("http://x"),Ruiz,2001-02-03,FEMALE,CANNOT_BECOME_PREGNANT,ACNE,,`,
      `${c},Samuel,Ito,1990-05-05,MALE,CANNOT_BECOME_PREGNANT,ACNE_NODULAR,,`,
    ].join("\r\n");
    const batchId = await staged("patients", text);
    const preview = await getImportPreview(nurse, batchId);
    expect(preview?.plan.problems.map((p) => [p.row, p.column])).toEqual([
      [2, "date_of_birth"],
      [3, "mrn"],
      [4, "first_name"],
      [4, "indication"],
      [5, "mrn"],
    ]);
    expect(preview?.plan.problems.find((p) => p.row === 3)?.message).toBe("The same MRN is in row 2.");
    expect(preview?.plan.problems.find((p) => p.column === "first_name")?.message).toBe("Starts like a spreadsheet formula; type the value itself.");
    expect(preview?.plan.steps).toEqual([]);

    const before = await countRows();
    expect(await commit(batchId)).toMatchObject({ state: { status: "error", message: expect.stringContaining("nothing was imported") } });
    expect(await countRows()).toEqual(before);
    expect((await db().patient.findUniqueOrThrow({ where: { id: existing.id } })).firstName).toBe("Sam");
  });

  it("leaves the category a patient cannot become pregnant to a dermatologist", async () => {
    const [a] = mrns();
    const text = `${PATIENT_HEADER}\n${a},Kim,Park,1980-01-01,FEMALE,CANNOT_BECOME_PREGNANT,ACNE_NODULAR,,\n`;
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const refused = await getImportPreview(nurse, await staged("patients", text));
    expect(refused?.plan.problems).toEqual([
      { row: 2, column: "pregnancy_category", message: "Only a dermatologist documents that a patient cannot become pregnant." },
    ]);
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const batch = await staged("patients", text);
    expect(await commit(batch)).toEqual({ state: { status: "ok", message: "Imported 1 row." } });
    const patient = await db().patient.findUniqueOrThrow({ where: { mrn: a! }, include: { categoryChanges: true } });
    expect(patient.categoryChanges.map((c) => c.category)).toEqual(["CANNOT_BECOME_PREGNANT"]);
  });
});

describe("MRNs in a file", () => {
  it("are matched without regard to case, as the laboratory interface and the search match them", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const [a, b] = mrns();
    await commit(await staged("patients", `${PATIENT_HEADER}\n${a},Dana,Okafor,1999-02-28,FEMALE,CAN_BECOME_PREGNANT,ACNE_NODULAR,,\n`));
    const patient = await db().patient.findUniqueOrThrow({ where: { mrn: a! } });
    // The same patient, written in lower case: already recorded. Another person under that MRN: refused.
    const again = [PATIENT_HEADER, `${a!.toLowerCase()},Dana,Okafor,1999-02-28,FEMALE,CAN_BECOME_PREGNANT,ACNE_NODULAR,,`].join("\n");
    expect(await commit(await staged("patients", again))).toEqual({
      state: { status: "ok", message: "Imported 0 rows. Already recorded, left as they were: 1 row." },
    });
    const other = [
      PATIENT_HEADER,
      `${a!.toLowerCase()},Lee,Park,2004-11-30,MALE,CAN_BECOME_PREGNANT,ROSACEA,,`,
      `${b},Lee,Park,2004-11-30,MALE,CAN_BECOME_PREGNANT,ROSACEA,,`,
    ].join("\n");
    expect((await getImportPreview(nurse, await staged("patients", other)))?.plan.problems.map((p) => [p.row, p.column])).toEqual([[2, "mrn"]]);
    expect(await db().patient.count({ where: { mrn: { equals: a!, mode: "insensitive" } } })).toBe(1);
    // A weight for that MRN in lower case lands on the patient.
    expect(await commit(await staged("weights", `${WEIGHT_HEADER}\n${a!.toLowerCase()},1999-02-28,2026-11-02,58\n`))).toEqual({
      state: { status: "ok", message: "Imported 1 row." },
    });
    expect(await db().weightMeasurement.findMany({ where: { patientId: patient.id }, select: { weightGrams: true } })).toEqual([{ weightGrams: 58_000 }]);
  });
});

describe("the preview's access accounting", () => {
  it("names the registered patients its rows match, present or refused, and no one a row does not match", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const [a, b, c] = mrns();
    const patient = (mrn: string) => registered(mrn, "Rae Moss", "2002-06-01", "FEMALE", "CAN_BECOME_PREGNANT");
    const [first, second, third] = [await patient(a!), await patient(b!), await patient(c!)];
    await db().weightMeasurement.create({
      data: { patientId: second.id, measuredOn: new Date("2026-03-01T00:00:00Z"), weightGrams: 61_000, enteredById: nurse.id },
    });
    // a: a new weight; b: another weight already recorded that day (refused, which tells of b's record); c: another date of birth.
    const file = [WEIGHT_HEADER, `${a},2002-06-01,2026-01-05,60`, `${b},2002-06-01,2026-03-01,62`, `${c},2002-06-02,2026-01-05,60`].join("\n");
    const batchId = await staged("weights", file);
    await getImportPreview(nurse, batchId);
    const view = await db().auditEvent.findFirstOrThrow({ where: { action: "patients.view_list", actorId: nurse.id }, orderBy: { id: "desc" } });
    expect(view).toMatchObject({ entityId: "import-preview", changes: { section: "import-preview", count: 2, filters: { batch: batchId } } });
    expect([...(view.changes as { patientIds: string[] }).patientIds].sort()).toEqual([first.id, second.id].sort());
    expect((view.changes as { patientIds: string[] }).patientIds).not.toContain(third.id);
  });
});

describe("files that are not what a spreadsheet exports", () => {
  const cases: [string, File | null, string][] = [
    ["no file", null, "Choose a CSV file to upload."],
    [
      "UTF-16",
      csvFile(new Uint8Array([0xff, 0xfe, 0x6d, 0x00, 0x72, 0x00])),
      "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8 (comma delimited)” and upload it again.",
    ],
    [
      "Latin-1",
      csvFile(
        new Uint8Array([
          ...new TextEncoder().encode(`${PATIENT_HEADER}\nX1,Jos`),
          0xe9,
          ...new TextEncoder().encode(",A,2000-01-01,MALE,CAN_BECOME_PREGNANT,OTHER,,\n"),
        ]),
      ),
      "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8 (comma delimited)” and upload it again.",
    ],
    ["binary", csvFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])), "The file is not a text file."],
    ["too large", csvFile(new Uint8Array(2 * 1024 * 1024 + 1).fill(0x61)), "The file is larger than 2 MB. Split it into smaller files."],
    [
      "wrong columns",
      csvFile("mrn,name,dob\nA,B,C\n"),
      "The columns do not match the template (missing first_name, last_name, date_of_birth, sex_at_birth, pregnancy_category, indication, phone, email; not in the template: name, dob). Download the template and copy your data into it.",
    ],
    ["header only", csvFile(`${PATIENT_HEADER}\n`), "The file has a header but no rows."],
    ["ragged row", csvFile(`${PATIENT_HEADER}\nA,B,C\n`), "Row 2 has 3 cells where the header has 9. Check for a stray comma."],
    ["unclosed quote", csvFile(`${PATIENT_HEADER}\n"A,B,C,D,E,F,G,H,I\n`), "Row 2 has a quote that is never closed."],
  ];
  it.each(cases)("refuses %s with a clear message and stores nothing", async (_label, file, message) => {
    actAs(await makeUser("NURSE"));
    const batches = await db().importBatch.count();
    const before = await countRows();
    expect(await upload("patients", file)).toEqual({ state: expect.objectContaining({ status: "error", fieldErrors: { file: [message] } }) });
    expect(await db().importBatch.count()).toBe(batches);
    expect(await countRows()).toEqual(before);
  });

  it("shows a batch only to its uploader, and imports it only for them", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const [a] = mrns();
    const batchId = await staged("patients", `${PATIENT_HEADER}\n${a},Ola,Berg,1995-03-03,MALE,CAN_BECOME_PREGNANT,OTHER,,\n`);
    const other = await makeUser("NURSE");
    expect(await getImportPreview(other, batchId)).toBeNull();
    actAs(other);
    expect(await commit(batchId)).toMatchObject({ state: { status: "error", message: "That import no longer exists." } });
    expect(await db().patient.count({ where: { mrn: a! } })).toBe(0);
  });
});

describe("importing weights", () => {
  it("matches patients by MRN and date of birth, refuses future and conflicting weights, and counts a repeat once", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const [a, b] = mrns();
    const patient = await registered(a!, "Rae Moss", "2002-06-01", "FEMALE", "CAN_BECOME_PREGNANT");
    await db().weightMeasurement.create({
      data: { patientId: patient.id, measuredOn: new Date("2026-03-01T00:00:00Z"), weightGrams: 61_000, enteredById: nurse.id },
    });

    const bad = [
      WEIGHT_HEADER,
      `${a},2002-06-02,2026-01-05,60`, // date of birth does not match
      `${b},2002-06-01,2026-01-05,60`, // no such MRN
      `${a},2002-06-01,2026-11-24,60`, // tomorrow
      `${a},2002-06-01,2026-03-01,62`, // another weight that day
      `${a},2002-06-01,2026-01-06,400`, // out of range
    ].join("\n");
    const problems = (await getImportPreview(nurse, await staged("weights", bad)))?.plan.problems;
    expect(problems?.map((p) => [p.row, p.column, p.message])).toEqual([
      [2, "mrn", "No registered patient has this MRN and date of birth."],
      [3, "mrn", "No registered patient has this MRN and date of birth."],
      [4, "measured_on", "A weight cannot be dated in the future."],
      [5, "weight_kg", "A different weight is already recorded for this patient on this date; correct it on the patient's page."],
      [6, "weight_kg", "Weight must be at most 300 kg."],
    ]);

    const good = `${WEIGHT_HEADER}\n${a},2002-06-01,2026-01-05,60.4\n${a},2002-06-01,2026-03-01,61\n`;
    const batchId = await staged("weights", good);
    expect(await commit(batchId)).toEqual({ state: { status: "ok", message: "Imported 1 row. Already recorded, left as they were: 1 row." } });
    const weights = await db().weightMeasurement.findMany({ where: { patientId: patient.id }, orderBy: { measuredOn: "asc" } });
    expect(weights.map((w) => [w.measuredOn.toISOString().slice(0, 10), w.weightGrams])).toEqual([
      ["2026-01-05", 60_400],
      ["2026-03-01", 61_000],
    ]);
  });

  it("refuses a weight voided as entered in error, so importing the file again never brings it back", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const [a] = mrns();
    const patient = await registered(a!, "Lee Park", "2001-02-03", "MALE", "CANNOT_BECOME_PREGNANT");
    const file = `${WEIGHT_HEADER}\n${a},2001-02-03,2026-02-10,95\n${a},2001-02-03,2026-02-20,59\n`;
    // Each far from the other: two unusual values, confirmed.
    const first = await staged("weights", file);
    expect(await commit(first, await previewConfirmation(nurse, first))).toEqual({ state: { status: "ok", message: "Imported 2 rows." } });
    const [typo, kept] = await db().weightMeasurement.findMany({ where: { patientId: patient.id }, orderBy: { measuredOn: "asc" } });
    expect([typo?.weightGrams, kept?.weightGrams]).toEqual([95_000, 59_000]);
    expect(await correctWeight(nurse, { weightId: typo!.id, reason: "Another patient's weight" }, TODAY)).toBe("voided");

    const again = await staged("weights", file);
    expect((await getImportPreview(nurse, again))?.plan.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [2, "weight_kg", "This weight was voided as entered in error on the patient's page; remove the row."],
    ]);
    expect(await commit(again)).toMatchObject({ state: { status: "error" } });
    expect(await db().weightMeasurement.count({ where: { patientId: patient.id, voidedAt: null } })).toBe(1);
  });

  it("is refused to office staff, who record no weights", async () => {
    actAs(await makeUser("STAFF"));
    expect(await upload("weights", csvFile(`${WEIGHT_HEADER}\nA,2000-01-01,2026-01-01,60\n`))).toEqual({
      state: expect.objectContaining({ status: "error", message: "You do not have permission to import weights." }),
    });
  });
});

describe("importing past courses", () => {
  const COURSE_HEADER =
    "mrn,date_of_birth,course_start,course_end,indication,regimen,outcome,weight_kg,target_mg_per_kg,total_mg,period_start,dose_mg,how_often,every_n";

  it("writes each course from its rows, with lifetime totals counted once, and leaves a re-imported course as it is", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const [a] = mrns();
    const patient = await registered(a!, "Noa Lind", "1996-09-09", "MALE", "CANNOT_BECOME_PREGNANT");
    const course = (cells: string) => `${a},1996-09-09,${cells}`;
    const text = [
      COURSE_HEADER,
      // 1 .. 10 Jan 2024, 20 mg daily at 50 kg: 10 x 20 = 200 mg.
      course("2024-01-01,2024-01-10,ACNE_NODULAR,STANDARD,COMPLETED,50,,,2024-01-01,20,DAILY,"),
      // 1 .. 31 Mar 2024 at 50 kg: 40 mg daily 1 .. 15 Mar (15 x 40 = 600), then 20 mg every 2 days from 16 Mar
      // (16, 18 .. 30 Mar: 8 x 20 = 160): 760 mg. Its rows in any order.
      course("2024-03-01,2024-03-31,ACNE_NODULAR,STANDARD,STOPPED,50,,,2024-03-16,20,EVERY_N_DAYS,2"),
      course("2024-03-01,2024-03-31,ACNE_NODULAR,STANDARD,STOPPED,50,,,2024-03-01,40,,"),
      // Only the total known: 6,000 mg at 60 kg.
      course("2025-01-06,2025-05-30,ACNE_NODULAR,STANDARD,COMPLETED,60,,6000,,,,"),
    ].join("\n");
    const batchId = await staged("courses", text);
    const preview = await getImportPreview(derm, batchId);
    expect(preview?.plan.problems).toEqual([]);
    expect(preview?.plan.steps.map((s) => s.row)).toEqual([2, 3, 5]);
    expect(await commit(batchId)).toEqual({ state: { status: "ok", message: "Imported 3 rows." } });

    const t = await getPatientTreatment(CLINICIAN, patient.id, TODAY);
    expect(t.courses.map((c) => [c.startDate, c.status, c.paperRecord, c.summary.totalMg])).toEqual([
      ["2025-01-06", "COMPLETED", true, 6000],
      ["2024-03-01", "STOPPED", true, 760],
      ["2024-01-01", "COMPLETED", true, 200],
    ]);
    // 200 + 760 + 6,000 mg; 4 + 15.2 + 100 mg/kg.
    expect(t.lifetime).toEqual({ totalMg: 6960, mgPerKg: 119.2 });
    expect(await db().auditEvent.count({ where: { patientId: patient.id, action: "course.paper_record" } })).toBe(3);

    // The same file again: every course is already recorded; a file overlapping one of them is refused.
    const again = await getImportPreview(derm, await staged("courses", text));
    expect([again?.plan.steps.length, again?.plan.present, again?.plan.problems]).toEqual([0, 3, []]);
    const overlapping = await getImportPreview(
      derm,
      await staged("courses", `${COURSE_HEADER}\n${course("2024-03-20,2024-04-30,ACNE_NODULAR,STANDARD,COMPLETED,50,,3000,,,,")}\n`),
    );
    expect(overlapping?.plan.problems).toEqual([
      { row: 2, column: "course_start", message: "Overlaps a course already recorded (1 Mar 2024 to 31 Mar 2024): courses of one patient never share a day." },
    ]);
  });

  it("reports a course's problems on the cells they come from, and courses of one file that overlap", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const [a] = mrns();
    await registered(a!, "Ivo Sand", "1990-01-01", "MALE", "CANNOT_BECOME_PREGNANT");
    const course = (cells: string) => `${a},1990-01-01,${cells}`;
    const text = [
      COURSE_HEADER,
      course("2024-01-01,2024-02-10,ACNE_NODULAR,STANDARD,COMPLETED,50,,,2024-01-01,20,DAILY,"),
      course("2024-07-01,2024-07-31,ACNE_NODULAR,STANDARD,COMPLETED,50,,,2024-07-01,20,DAILY,"),
      course("2024-07-01,2024-08-01,ACNE_NODULAR,STANDARD,COMPLETED,50,,,2024-07-20,30,DAILY,"), // another end date
      course("2024-02-01,2024-03-01,ACNE_NODULAR,STANDARD,COMPLETED,50,,1000,,,,"), // overlaps the first course
      course("2024-05-01,2024-05-31,ACNE_NODULAR,STANDARD,COMPLETED,50,,,2024-05-03,20,EVERY_N_DAYS,"), // first period late, no n
      course("2026-11-01,2026-11-30,ACNE_NODULAR,STANDARD,COMPLETED,50,,900,,,,"), // ends in the future
    ].join("\n");
    const preview = await getImportPreview(derm, await staged("courses", text));
    expect(preview?.plan.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [4, "course_end", "Differs from row 3 of the same course."],
      [5, "course_start", "Overlaps another course in this file (1 Jan 2024 to 10 Feb 2024): courses of one patient never share a day."],
      [6, "every_n", "Enter every how many days."],
      [6, "period_start", "The first dose period starts on the course start date."],
      [7, "course_end", "A course from paper records has ended: its last day cannot be in the future."],
    ]);
  });
});
