import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { QualitativeResult } from "@/lib/generated/prisma/enums";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { dbDate } from "@/lib/clinic";
import { addDays, type IsoDate } from "@/lib/domain/dates";
import { DEFAULT_CATALOGUE, LOINC } from "@/lib/domain/monitoring/catalogue";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/monitoring/flags";
import { dispenseByCanBecomePregnant, rulesResolver, type PregnancyTest } from "@/lib/domain/pregnancy";
import { twoMethodsText } from "@/lib/domain/pregnancy/contraception-methods";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { ensureReferenceData } from "@/lib/data/reference-data";
import { writeAudit } from "@/lib/data/audit";
import { labRow } from "@/lib/data/lab-rows";
import { demoPhone, FIRST_F, FIRST_M, LAST, rng, SCENARIOS } from "./demo-scenarios";
import { seededWrittenFor } from "./written-for";

/** Demo accounts, one per role, printed by `npm run demo`. Never used outside the demo and tests. */
export const DEMO_USERS: { email: string; name: string; role: Role; password: string }[] = [
  { email: "derm@demo.isotrack.test", name: "Dr. Alice Moreno", role: "DERMATOLOGIST", password: "Derm-demo-2026!" },
  { email: "derm2@demo.isotrack.test", name: "Dr. Ken Okafor", role: "DERMATOLOGIST", password: "Derm-demo-2026!" },
  { email: "nurse@demo.isotrack.test", name: "Sam Lee, RN", role: "NURSE", password: "Nurse-demo-2026!" },
  { email: "staff@demo.isotrack.test", name: "Jordan Price", role: "STAFF", password: "Staff-demo-2026!" },
  { email: "admin@demo.isotrack.test", name: "Riley Admin", role: "ADMIN", password: "Admin-demo-2026!" },
];

export interface SeedResult {
  seeded: boolean;
  patients: number;
}

/** Seeds the demo clinic relative to `today`. Safe to re-run: it does nothing when the demo users exist. */
export async function seedDemoClinic(db: PrismaClient, today: IsoDate, patientCount = 40): Promise<SeedResult> {
  await ensureReferenceData(db);
  if (await db.user.findUnique({ where: { email: DEMO_USERS[0]!.email }, select: { id: true } })) {
    return { seeded: false, patients: await db.patient.count() };
  }
  const users = await Promise.all(
    DEMO_USERS.map(async (u) => ({ ...u, id: randomUUID(), passwordHash: await hashPassword(u.password), passwordSetAt: new Date() })),
  );
  const [derm, derm2, nurse] = users;
  const tests = await db.labTest.findMany({ where: { codeSystem: LOINC } });
  const testByAnalyte = (a: string) => tests.find((t) => t.analyte === a && t.code !== "18262-6" && t.code !== "2118-8")!;
  const random = rng(20261122);

  const patients: object[] = [];
  const weights: object[] = [];
  const courses: object[] = [];
  const prescriptions: object[] = [];
  const doseChanges: object[] = [];
  const pauses: object[] = [];
  const labs: object[] = [];
  const categoryChanges: object[] = [];
  const contraception: object[] = [];
  const counseling: object[] = [];

  const lab = (
    patientId: string,
    analyte: string,
    date: IsoDate,
    value: number | null,
    qual: Exclude<QualitativeResult, "INDETERMINATE"> | null = null,
  ): string => {
    const id = randomUUID();
    const result = { numeric: value === null ? null : String(value), qualitative: qual };
    const entry = { patientId, specimenDate: date, pregnancyTestSetting: "LAB" as const, submissionId: randomUUID(), enteredById: nurse!.id };
    labs.push({ id, ...labRow(testByAnalyte(analyte), result, DEFAULT_THRESHOLDS, entry) });
    return id;
  };
  const panel = (patientId: string, date: IsoDate, tg = 90 + Math.round(random() * 50), alt = 15 + Math.round(random() * 20)) => {
    lab(patientId, "TG", date, tg);
    lab(patientId, "CHOL", date, 150 + Math.round(random() * 40));
    lab(patientId, "HDL", date, 45 + Math.round(random() * 20));
    lab(patientId, "LDL", date, 80 + Math.round(random() * 40));
    lab(patientId, "ALT", date, alt);
    lab(patientId, "AST", date, 15 + Math.round(random() * 20));
  };

  // The demo clinic keeps the default pregnancy-prevention settings.
  const rulesOn = rulesResolver([]);
  for (let i = 0; i < patientCount; i++) {
    const female = i % 2 === 0;
    const canBecomePregnant = female && i % 6 !== 4;
    const id = randomUUID();
    const first = (female ? FIRST_F : FIRST_M)[Math.floor(i / 2) % 20]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const age = 16 + Math.floor(random() * 20);
    const dob = addDays(today, -(age * 365 + Math.floor(random() * 300)));
    const clinician = i % 3 === 2 ? derm2! : derm!;
    const weightGrams = (female ? 52_000 : 64_000) + Math.round(random() * 20) * 1000;
    patients.push({
      id,
      mrn: `MRN-${String(10_001 + i)}`,
      firstName: first,
      lastName: last,
      dateOfBirth: dbDate(dob),
      sexAtBirth: female ? "FEMALE" : "MALE",
      pregnancyCategory: canBecomePregnant ? "CAN_BECOME_PREGNANT" : "CANNOT_BECOME_PREGNANT",
      phone: demoPhone(i),
      email: `${first.toLowerCase()}.${last.toLowerCase()}@example.test`,
      indication: i % 9 === 8 ? "ROSACEA" : i % 3 === 0 ? "ACNE_NODULAR" : "ACNE_MODERATE_RECALCITRANT",
      primaryClinicianId: clinician.id,
    });
    categoryChanges.push({
      id: randomUUID(),
      patientId: id,
      category: canBecomePregnant ? "CAN_BECOME_PREGNANT" : "CANNOT_BECOME_PREGNANT",
      effectiveFrom: dbDate(dob),
      reason: "Recorded at registration",
      changedById: clinician.id,
    });
    if (i >= 36) continue; // new referrals: no course yet

    const sc = SCENARIOS[i % SCENARIOS.length]!;
    const special = i === 24 ? "PAUSED" : i === 25 ? "COMPLETED" : i === 26 ? "POSITIVE_HCG" : null;
    const courseId = randomUUID();
    const start = addDays(today, -sc.startDaysAgo);
    const endDate = special === "COMPLETED" ? addDays(today, -22) : null;
    const lastDay = endDate ?? today;
    courses.push({
      id: courseId,
      patientId: id,
      dermatologistId: clinician.id,
      indication: "ACNE_NODULAR",
      regimenIntent: sc.intent,
      status: special === "PAUSED" ? "PAUSED" : special === "COMPLETED" ? "COMPLETED" : "ACTIVE",
      startDate: dbDate(start),
      endDate: endDate ? dbDate(endDate) : null,
      endReason: endDate ? "Target cumulative dose reached" : null,
      targetMgPerKg: i % 5 === 0 ? 150 : 120,
      startWeightGrams: weightGrams,
    });
    weights.push({ id: randomUUID(), patientId: id, measuredOn: dbDate(addDays(start, -3)), weightGrams, enteredById: nurse!.id });
    if (i % 4 === 1)
      weights.push({ id: randomUUID(), patientId: id, measuredOn: dbDate(addDays(start, 60)), weightGrams: weightGrams + 4000, enteredById: nurse!.id });
    if (special === "PAUSED")
      pauses.push({
        id: randomUUID(),
        courseId,
        startDate: dbDate(addDays(today, -10)),
        resumeDate: null,
        reason: "Patient travelling; resume on return",
        createdById: clinician.id,
      });

    // Monthly prescriptions (30-day supply), each with counseling and, where applicable, preceded by a
    // negative laboratory pregnancy test (a screening test 25 days before the first), contraception
    // documented from 45 days before the start and confirmed with the patient at each counseling.
    const product = sc.product;
    let rxId: string | null = null;
    const confirmedContraceptionId = canBecomePregnant ? randomUUID() : null;
    if (confirmedContraceptionId)
      contraception.push({
        id: confirmedContraceptionId,
        patientId: id,
        method: "TWO_METHODS",
        firstMethod: "COMBINED_PILL",
        secondMethod: "MALE_CONDOM",
        methods: twoMethodsText("COMBINED_PILL", "MALE_CONDOM"),
        startDate: dbDate(addDays(start, -45)),
        recordedById: nurse!.id,
      });
    for (let day = 0; addDays(start, day) <= lastDay; day += 30) {
      const writtenOn = addDays(start, day);
      rxId = randomUUID();
      let test: PregnancyTest | null = null;
      if (canBecomePregnant && !(special === "POSITIVE_HCG" && day > 0 && addDays(start, day + 30) > lastDay)) {
        if (day === 0) lab(id, "HCG", addDays(writtenOn, -25), null, "NEGATIVE");
        const specimenDate = addDays(writtenOn, -2);
        test = { id: lab(id, "HCG", specimenDate, null, "NEGATIVE"), specimenDate, result: "NEGATIVE", setting: "LAB" };
      }
      counseling.push({ id: randomUUID(), patientId: id, counseledOn: dbDate(writtenOn), confirmedContraceptionId, recordedById: clinician.id });
      prescriptions.push({
        id: rxId,
        courseId,
        prescriberId: clinician.id,
        product,
        capsuleStrengthMg: sc.strength,
        writtenOn: dbDate(writtenOn),
        startDate: dbDate(writtenOn),
        daysSupply: 30,
        refills: 0,
        acknowledgedWarnings: [],
        dispenseBy: test ? dbDate(dispenseByCanBecomePregnant(test, writtenOn, rulesOn(writtenOn))) : null,
        pregnancyTestId: test?.id ?? null,
      });
      for (const d of sc.doses.filter((x) => x.fromDay >= day && x.fromDay < day + 30)) {
        doseChanges.push({
          id: randomUUID(),
          courseId,
          prescriptionId: rxId,
          effectiveFrom: dbDate(addDays(start, d.fromDay)),
          mgPerIntake: d.mg,
          intakesPerDay: 1,
          pattern: d.p.pattern,
          everyNDays: d.p.everyNDays ?? null,
          weekdays: d.p.weekdays ?? [],
          timesPerWeek: d.p.timesPerWeek ?? null,
          reason: d.reason,
          acknowledgedWarnings: [],
          createdById: clinician.id,
        });
      }
    }
    if (special === "POSITIVE_HCG") lab(id, "HCG", addDays(today, -1), null, "POSITIVE");

    if (!sc.skipBaseline) panel(id, addDays(start, -7));
    const labsUntil = sc.labsUntilDay ?? 10_000;
    for (let day = 56; day <= Math.min(labsUntil, sc.startDaysAgo); day += 90) {
      const date = addDays(start, day);
      if (date > lastDay) break;
      const isLast = day + 90 > sc.startDaysAgo;
      panel(
        id,
        date,
        isLast && sc.abnormal?.analyte === "TG" ? sc.abnormal.value : undefined,
        isLast && sc.abnormal?.analyte === "ALT" ? sc.abnormal.value : undefined,
      );
    }
  }

  await db.$transaction(
    async (tx) => {
      await tx.user.createMany({ data: users.map(({ password: _p, ...u }) => u) });
      // The demo's printed logins sign in with a password alone; a new clinic requires a second factor of
      // dermatologists and administrators (the migration's default), switched on under Users.
      await tx.securityPolicy.update({ where: { id: 1 }, data: { mfaRequiredRoles: [] } });
      await tx.patient.createMany({ data: patients as never });
      await tx.pregnancyCategoryChange.createMany({ data: categoryChanges as never });
      await tx.contraceptionRecord.createMany({ data: contraception as never });
      await tx.pregnancyCounseling.createMany({ data: counseling as never });
      await tx.weightMeasurement.createMany({ data: weights as never });
      await tx.course.createMany({ data: courses as never });
      await tx.labResult.createMany({ data: labs as never });
      await tx.prescription.createMany({ data: prescriptions as never });
      await tx.doseChange.createMany({ data: doseChanges as never });
      await tx.$executeRaw(seededWrittenFor());
      await tx.coursePause.createMany({ data: pauses as never });
      await writeAudit(tx, null, { action: "seed.demo_clinic", entityType: "Clinic", changes: { patients: patientCount } });
    },
    { timeout: 60_000 },
  );
  await refreshAllDerivedData(db, today);
  return { seeded: true, patients: patientCount };
}

export const CATALOGUE_SIZE = DEFAULT_CATALOGUE.length;
