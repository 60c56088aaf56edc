/**
 * `npm run seed:large -- --patients 10000`: a large clinic for benchmarks, on top of the demo clinic
 * (whose logins it reuses). Set-based SQL: about 80 % of patients on a course, monthly prescriptions,
 * dose changes, a lab panel every month and monthly pregnancy tests where applicable.
 */
import pg from "pg";
import { clinicToday } from "../lib/clinic";
import { createPrismaClient } from "../lib/db";
import { writeAudit } from "../lib/data/audit";
import { refreshAllDerivedData } from "../lib/data/daily-refresh";
import { seedDemoClinic } from "../lib/seed/demo-clinic";
import { Prisma } from "../lib/generated/prisma/client";
import { seededWrittenFor } from "../lib/seed/written-for";

const arg = process.argv.indexOf("--patients");
const target = arg > 0 ? Number(process.argv[arg + 1]) : 10_000;
if (!Number.isInteger(target) || target < 1 || target > 1_000_000) throw new Error("--patients takes a whole number from 1 to 1,000,000");

// Set-based SQL and VACUUM run as the owner role; the audit row goes through the app's keyed chain.
const url = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL!;
const prisma = createPrismaClient(url);
const today = clinicToday();
await seedDemoClinic(prisma, today);
await prisma.$disconnect();

const client = new pg.Client({ connectionString: url });
await client.connect();
const {
  rows: [users],
} = await client.query(
  `SELECT (SELECT id FROM users WHERE email = 'derm@demo.isotrack.test') AS derm, (SELECT id FROM users WHERE email = 'derm2@demo.isotrack.test') AS derm2, (SELECT id FROM users WHERE email = 'nurse@demo.isotrack.test') AS nurse`,
);
const {
  rows: [{ n: existing }],
} = await client.query(`SELECT count(*)::int AS n FROM patients WHERE mrn LIKE 'L-%'`);
if (existing >= target) {
  console.log(`Large clinic already has ${existing} generated patients; nothing added.`);
  await client.end();
  process.exit(0);
}
const started = Date.now();
const from = existing + 1;
const step = async (label: string, sql: string, params: unknown[] = []) => {
  const t = Date.now();
  const r = await client.query(sql, params);
  console.log(`  ${label.padEnd(16)} ${String(r.rowCount ?? 0).padStart(8)} rows  ${Date.now() - t} ms`);
};
// In chunks of 25,000 patients, one transaction each: the database's work per statement stays bounded
// (sorts, hash joins, WAL between checkpoints) at any clinic size, and the client holds no rows at all.
const CHUNK = 25_000;
for (let chunkFrom = from; chunkFrom <= target; chunkFrom += CHUNK) {
  const chunkTo = Math.min(target, chunkFrom + CHUNK - 1);
  if (target - from >= CHUNK) console.log(`  patients ${chunkFrom}-${chunkTo}`);
  await client.query("BEGIN");
  await client.query("CREATE TEMP TABLE new_patients (id uuid PRIMARY KEY, g int, female bool, can_preg bool) ON COMMIT DROP");
  await step(
    "patients",
    `
    WITH ins AS (
      INSERT INTO patients (id, mrn, first_name, last_name, date_of_birth, sex_at_birth, pregnancy_category, phone, email, indication, primary_clinician_id, updated_at)
      SELECT gen_random_uuid(), 'L-' || lpad(g::text, 7, '0'),
        (ARRAY['Emma','Liam','Olivia','Noah','Ava','Ethan','Mia','Lucas','Zoe','Owen','Ivy','Leo','Ruby','Eli','Nora','Max','Aria','Jack','Lily','Ben'])[1 + g % 20],
        (ARRAY['Nguyen','Garcia','Smith','Patel','Johnson','Kim','Brown','Lopez','Davis','Wilson','Martin','Clark','Lewis','Walker','Young','Hall','Allen','Wright','Scott','Green','Baker','Adams','Nelson','Hill','Rivera','Campbell','Mitchell','Carter','Roberts','Turner'])[1 + (g * 7) % 30],
        DATE '1990-01-01' + (g * 37) % 6000,
        (CASE WHEN g % 2 = 0 THEN 'FEMALE' ELSE 'MALE' END)::"SexAtBirth",
        (CASE WHEN g % 2 = 0 AND g % 6 <> 4 THEN 'CAN_BECOME_PREGNANT' ELSE 'CANNOT_BECOME_PREGNANT' END)::"PregnancyCategory",
        '(201) 555-01' || lpad((g % 100)::text, 2, '0'), NULL, 'ACNE_NODULAR'::"Indication",
        CASE WHEN g % 3 = 0 THEN $3::uuid ELSE $4::uuid END, now()
      FROM generate_series($1::int, $2::int) g
      RETURNING id, mrn
    )
    INSERT INTO new_patients SELECT id, substr(mrn, 3)::int, substr(mrn, 3)::int % 2 = 0, (substr(mrn, 3)::int % 2 = 0 AND substr(mrn, 3)::int % 6 <> 4) FROM ins`,
    [chunkFrom, chunkTo, users.derm2, users.derm],
  );
  await step(
    "categories",
    `
    INSERT INTO pregnancy_category_changes (id, patient_id, category, effective_from, reason)
    SELECT gen_random_uuid(), p.id, pt.pregnancy_category, pt.date_of_birth, 'Recorded at registration'
    FROM new_patients p JOIN patients pt ON pt.id = p.id`,
  );
  await step(
    "courses",
    `
    INSERT INTO courses (id, patient_id, dermatologist_id, indication, regimen_intent, status, start_date, target_mg_per_kg, start_weight_grams)
    SELECT gen_random_uuid(), p.id, $2::uuid, 'ACNE_NODULAR', (ARRAY['STANDARD','LOW_DOSE','ALTERNATE_DAY','MICRO_DOSE','MAINTENANCE'])[1 + (p.g / 5) % 5]::"RegimenIntent",
      (CASE WHEN p.g % 50 = 7 THEN 'PAUSED' ELSE 'ACTIVE' END)::"CourseStatus", $1::date - (5 + (p.g * 13) % 240), 120, 50000 + (p.g % 30) * 1000
    FROM new_patients p WHERE p.g % 5 <> 0`,
    [today, users.derm],
  );
  await step(
    "weights",
    `
    INSERT INTO weight_measurements (id, patient_id, measured_on, weight_grams, entered_by_id)
    SELECT gen_random_uuid(), c.patient_id, c.start_date - 2, c.start_weight_grams, $1::uuid FROM courses c JOIN new_patients p ON p.id = c.patient_id`,
    [users.nurse],
  );
  await step(
    "prescriptions",
    `
    INSERT INTO prescriptions (id, course_id, prescriber_id, product, capsule_strength_mg, written_on, start_date, days_supply, refills, acknowledged_warnings)
    SELECT gen_random_uuid(), c.id, c.dermatologist_id, 'CLARAVIS', 10, c.start_date + 30 * k, c.start_date + 30 * k, 30, 0, '{}'
    FROM courses c JOIN new_patients p ON p.id = c.patient_id CROSS JOIN LATERAL generate_series(0, ($1::date - c.start_date) / 30) k`,
    [today],
  );
  await step(
    "dose changes",
    `
    INSERT INTO dose_changes (id, course_id, effective_from, mg_per_intake, intakes_per_day, pattern, every_n_days, weekdays, times_per_week, reason, acknowledged_warnings, created_by_id)
    SELECT gen_random_uuid(), c.id, c.start_date + CASE WHEN v.step = 0 THEN 0 ELSE 28 END,
      CASE c.regimen_intent WHEN 'STANDARD' THEN 30 + 10 * v.step WHEN 'LOW_DOSE' THEN 20 WHEN 'ALTERNATE_DAY' THEN 20 WHEN 'MICRO_DOSE' THEN 10 ELSE 10 END, 1,
      (CASE c.regimen_intent WHEN 'ALTERNATE_DAY' THEN 'EVERY_N_DAYS' WHEN 'MICRO_DOSE' THEN 'WEEKDAYS' WHEN 'MAINTENANCE' THEN 'TIMES_PER_WEEK' ELSE 'DAILY' END)::"DosePattern",
      CASE WHEN c.regimen_intent = 'ALTERNATE_DAY' THEN 2 END,
      CASE WHEN c.regimen_intent = 'MICRO_DOSE' THEN ARRAY[1,3,5] ELSE '{}'::int[] END,
      CASE WHEN c.regimen_intent = 'MAINTENANCE' THEN 2 END,
      CASE WHEN v.step = 0 THEN 'Course start' ELSE 'Increase after 4 weeks' END, '{}', c.dermatologist_id
    FROM courses c JOIN new_patients p ON p.id = c.patient_id
    CROSS JOIN LATERAL (SELECT 0 AS step UNION ALL SELECT 1 WHERE c.regimen_intent = 'STANDARD' AND $1::date - c.start_date > 28) v`,
    [today],
  );
  await step("written for", seededWrittenFor(Prisma.sql`p.course_id IN (SELECT c.id FROM courses c JOIN new_patients n ON n.id = c.patient_id)`).text);
  await step(
    "lab results",
    `
    INSERT INTO lab_results (id, patient_id, lab_test_id, code, code_system, analyte, specimen_date, value_numeric, value_qualitative, unit, ref_low, ref_high, flag, submission_id, entered_by_id, acknowledged_at, acknowledged_by_id)
    SELECT gen_random_uuid(), r.patient_id, r.test_id, r.code, r.code_system, r.analyte, r.specimen_date, r.value, NULL, r.unit, r.ref_low, r.ref_high, r.flag::"LabFlag",
      gen_random_uuid(), $2::uuid,
      -- A working clinic reviews abnormal results: those older than two weeks were reviewed three days after collection.
      CASE WHEN r.flag <> 'NORMAL' AND r.specimen_date < $1::date - 14 THEN (r.specimen_date + 3)::timestamptz END,
      CASE WHEN r.flag <> 'NORMAL' AND r.specimen_date < $1::date - 14 THEN $3::uuid END
    FROM (
      SELECT c.patient_id, t.id AS test_id, t.code, t.code_system, t.analyte, t.unit, t.ref_low, t.ref_high, c.start_date - 7 + 30 * k AS specimen_date,
        CASE t.analyte WHEN 'TG' THEN 70 + (p.g * 7 + k * 13) % 200 WHEN 'ALT' THEN 12 + (p.g * 3 + k) % 40 WHEN 'AST' THEN 14 + (p.g + k) % 30 ELSE 150 + (p.g + k) % 60 END AS value,
        CASE WHEN t.analyte = 'TG' AND 70 + (p.g * 7 + k * 13) % 200 > 150 THEN 'HIGH' ELSE 'NORMAL' END AS flag
      FROM courses c JOIN new_patients p ON p.id = c.patient_id
      CROSS JOIN LATERAL generate_series(0, ($1::date - c.start_date + 7) / 30) k
      JOIN lab_tests t ON t.code IN ('2571-8', '2093-3', '1742-6', '1920-8')
      WHERE c.start_date - 7 + 30 * k <= $1::date) r`,
    [today, users.nurse, users.derm],
  );
  await step(
    "pregnancy tests",
    `
    INSERT INTO lab_results (id, patient_id, lab_test_id, code, code_system, analyte, specimen_date, value_qualitative, flag, submission_id, entered_by_id)
    SELECT gen_random_uuid(), c.patient_id, t.id, t.code, t.code_system, 'HCG', c.start_date - 2 + 30 * k, 'NEGATIVE', 'NORMAL', gen_random_uuid(), $2::uuid
    FROM courses c JOIN new_patients p ON p.id = c.patient_id AND p.can_preg
    CROSS JOIN LATERAL generate_series(0, ($1::date - c.start_date) / 30) k
    JOIN lab_tests t ON t.code = '2106-3'`,
    [today, users.nurse],
  );
  await client.query("COMMIT");
}
// Statistics first: the derived data is computed in many small batches, each planned with them (without,
// the planner takes the freshly filled tables for empty and scans them whole, once per batch).
await client.query("ANALYZE");
const refresh = createPrismaClient(url);
await refresh.$transaction((tx) => writeAudit(tx, null, { action: "seed.large_clinic", entityType: "Clinic", changes: { from, to: target } }));
const t = Date.now();
const derived = await refreshAllDerivedData(refresh, today);
console.log(
  `  ${"derived data".padEnd(16)} ${String(derived.summaries).padStart(8)} course summaries, ${derived.items} monitoring items  ${Date.now() - t} ms`,
);
await refresh.$disconnect();
// A clinic's database in steady state has been vacuumed (autovacuum): visibility maps let the
// dashboard's counts run as index-only scans.
await client.query("VACUUM ANALYZE");
const {
  rows: [totals],
} = await client.query(
  `SELECT (SELECT count(*) FROM patients)::int AS patients, (SELECT count(*) FROM courses)::int AS courses, (SELECT count(*) FROM prescriptions)::int + (SELECT count(*) FROM dose_changes)::int AS rx_and_doses, (SELECT count(*) FROM lab_results)::int AS labs`,
);
console.log(
  `Large clinic seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${totals.patients} patients, ${totals.courses} courses, ${totals.rx_and_doses} prescriptions and dose changes, ${totals.labs} lab results.`,
);
await client.end();
