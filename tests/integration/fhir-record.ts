import { randomUUID } from "node:crypto";
import { clinicToday } from "@/lib/clinic";
import { addDays } from "@/lib/domain/dates";
import type { Role } from "@/lib/auth/permissions";
import { createApiClientAction } from "@/app/(portal)/admin/api-clients/actions";
import { GET as operationGet } from "@/app/fhir/[type]/[id]/[operation]/route";
import { GET as readGet, POST as searchPost } from "@/app/fhir/[type]/[id]/route";
import { GET as searchGet } from "@/app/fhir/[type]/route";
import { GET as metadataGet } from "@/app/fhir/metadata/route";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, pregnancyTest, testDb } from "./helpers";
import { approveAsDermatologist } from "./token-helpers";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * An API client created through the administrator's action (which shows no token), approved by a dermatologist
 * through the dermatologist's action, its token as that action showed it to the dermatologist (the two-person
 * rule); unless `approved: false`, which leaves it waiting, without a token.
 */
type Admin = Awaited<ReturnType<typeof makeUser>>;
export async function makeApiClient(role: Exclude<Role, "ADMIN">): Promise<{ id: string; token: string; admin: Admin }>;
export async function makeApiClient(role: Exclude<Role, "ADMIN">, opts: { approved: false }): Promise<{ id: string; token: null; admin: Admin }>;
export async function makeApiClient(role: Exclude<Role, "ADMIN">, { approved = true } = {}): Promise<{ id: string; token: string | null; admin: Admin }> {
  const admin = await makeUser("ADMIN");
  actAs(admin);
  const state = await createApiClientAction(IDLE, form({ name: `${role} client`, role }));
  actAs(null);
  if (state.status !== "ok" || state.reveal) throw new Error(`client not created as it should be: ${JSON.stringify(state)}`);
  // By its creator: clients of one name are made by test files running at the same time.
  const client = await testDb().apiClient.findFirstOrThrow({ where: { createdById: admin.id } });
  const token = approved ? (await approveAsDermatologist("API_CLIENT", client.id, null)).token : null;
  return { id: client.id, token, admin };
}

/**
 * A patient with three courses and every schedule pattern, labs, weights and an undecided positive
 * pregnancy test. Figures by hand:
 * - A, completed 2025-01-01..2025-01-30, 20 mg daily, 60 kg: 30 x 20 = 600 mg, 10 mg/kg.
 * - B, stopped 2025-03-03 (Mon)..2025-03-30, 50 kg: 10 mg Mon/Wed/Fri to 16 Mar (3, 5, 7, 10, 12, 14: 60 mg;
 *   a first entry of 15 mg was corrected), 5 mg 3x a week from 17 Mar (days 0, 3 and 5 of the week: 15 mg),
 *   20 mg 7 days on / 21 off from 24 Mar (24-30 Mar: 140 mg): 215 mg, 4.3 mg/kg.
 * - C, active since 9 days ago, 70 kg: 10 mg daily for 6 days (60 mg), then 40 mg every other day from
 *   3 days ago (3 days ago and yesterday: 80 mg): 140 mg, 2 mg/kg.
 */
export async function buildRecord() {
  const db = testDb();
  const today = clinicToday();
  const ago = (n: number) => addDays(today, -n);
  const derm = await makeUser("DERMATOLOGIST");
  const nurse = await makeUser("NURSE");
  const patient = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  await db.patient.update({ where: { id: patient.id }, data: { phone: "555-0100", email: "pat@example.test" } });
  const course = (status: "ACTIVE" | "COMPLETED" | "STOPPED", startDate: string, endDate: string | null, startWeightGrams: number) =>
    db.course.create({
      data: {
        patientId: patient.id,
        dermatologistId: derm.id,
        indication: "ACNE_NODULAR",
        regimenIntent: "STANDARD",
        status,
        startDate: day(startDate),
        endDate: endDate ? day(endDate) : null,
        startWeightGrams,
      },
    });
  let created = Date.parse("2026-01-01T00:00:00Z");
  const dose = (
    courseId: string,
    effectiveFrom: string,
    mgPerIntake: number,
    pattern: Record<string, unknown>,
    extra: { supersedesId?: string; prescriptionId?: string } = {},
  ) =>
    db.doseChange.create({
      data: {
        courseId,
        effectiveFrom: day(effectiveFrom),
        mgPerIntake,
        reason: "Regimen",
        createdById: derm.id,
        acknowledgedWarnings: [],
        createdAt: new Date((created += 60_000)),
        ...pattern,
        ...extra,
      } as never,
    });
  const a = await course("COMPLETED", "2025-01-01", "2025-01-30", 60_000);
  const rxA = await db.prescription.create({
    data: {
      courseId: a.id,
      prescriberId: derm.id,
      product: "ISOTRETINOIN_GENERIC",
      capsuleStrengthMg: 20,
      writtenOn: day("2024-12-30"),
      startDate: day("2025-01-01"),
      daysSupply: 30,
      refills: 0,
      dispenseBy: day("2025-01-05"),
      acknowledgedWarnings: [],
    },
  });
  const aDaily = await dose(a.id, "2025-01-01", 20, { pattern: "DAILY" }, { prescriptionId: rxA.id });
  const b = await course("STOPPED", "2025-03-03", "2025-03-30", 50_000);
  const bWrong = await dose(b.id, "2025-03-03", 15, { pattern: "WEEKDAYS", weekdays: [1, 3, 5] });
  const bWeekdays = await dose(b.id, "2025-03-03", 10, { pattern: "WEEKDAYS", weekdays: [1, 3, 5] }, { supersedesId: bWrong.id });
  const bTimes = await dose(b.id, "2025-03-17", 5, { pattern: "TIMES_PER_WEEK", timesPerWeek: 3 });
  const bCycle = await dose(b.id, "2025-03-24", 20, { pattern: "CYCLE", cycleOnDays: 7, cycleOffDays: 21 });
  const c = await course("ACTIVE", ago(9), null, 70_000);
  const cDaily = await dose(c.id, ago(9), 10, { pattern: "DAILY" });
  const cAlternate = await dose(c.id, ago(3), 40, { pattern: "EVERY_N_DAYS", everyNDays: 2 });
  await db.weightMeasurement.createMany({
    data: [
      { patientId: patient.id, measuredOn: day("2025-01-01"), weightGrams: 60_000, enteredById: nurse.id },
      { patientId: patient.id, measuredOn: day(ago(9)), weightGrams: 70_000, enteredById: nurse.id },
    ],
  });
  const lab = async (code: string, specimenDate: string, value: number, flag: "NORMAL" | "HIGH") => {
    const t = await db.labTest.findFirstOrThrow({ where: { code } });
    return db.labResult.create({
      data: {
        patientId: patient.id,
        labTestId: t.id,
        code,
        codeSystem: t.codeSystem,
        analyte: t.analyte,
        specimenDate: day(specimenDate),
        valueNumeric: value,
        unit: t.unit,
        refLow: t.refLow,
        refHigh: t.refHigh,
        flag,
        flagReason: flag === "HIGH" ? "Triglycerides above 150 mg/dL." : null,
        submissionId: randomUUID(),
        enteredById: nurse.id,
      },
    });
  };
  const tg = await lab("2571-8", "2025-02-01", 180, "HIGH");
  const alt = await lab("1742-6", "2025-03-01", 25, "NORMAL");
  const positive = await pregnancyTest(patient.id, ago(1), nurse.id, "POSITIVE");
  return {
    today,
    ago,
    patient,
    derm,
    nurse,
    courses: { a, b, c },
    rx: { a: rxA },
    doses: { aDaily, bWrong, bWeekdays, bTimes, bCycle, cDaily, cAlternate },
    labs: { tg, alt, positive },
  };
}

export type FhirRecord = Awaited<ReturnType<typeof buildRecord>>;

/** A response's JSON as the tests read it: FHIR resources are checked by assertions and by the validator. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary FHIR JSON, read field by field
export type Res = Record<string, any>;

/**
 * A GET to the API as a client would send it ("Observation?patient=…", "Patient/<id>/$everything"), handed
 * to the route handler that Next's router would choose for the path.
 */
export async function fhirGet(path: string, token: string | null, headers: Record<string, string> = {}) {
  const request = new Request(`http://localhost:3000/fhir/${path}`, { headers: token ? { authorization: `Bearer ${token}`, ...headers } : headers });
  const [type, id, operation] = path.split("?")[0]!.split("/").map(decodeURIComponent) as [string, string?, string?];
  const response =
    type === "metadata"
      ? await metadataGet(request)
      : operation !== undefined
        ? await operationGet(request, { params: Promise.resolve({ type, id: id!, operation }) })
        : id !== undefined
          ? await readGet(request, { params: Promise.resolve({ type, id }) })
          : await searchGet(request, { params: Promise.resolve({ type }) });
  return { status: response.status, contentType: response.headers.get("content-type"), headers: response.headers, body: (await response.json()) as Res };
}

/** A search by POST (`<type>/_search` with a form body), handed to its route handler. */
export async function fhirPost(
  type: string,
  body: string,
  token: string,
  headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" },
  id = "_search",
) {
  const request = new Request(`http://localhost:3000/fhir/${type}/${id}`, { method: "POST", headers: { authorization: `Bearer ${token}`, ...headers }, body });
  const response = await searchPost(request, { params: Promise.resolve({ type, id }) });
  return { status: response.status, body: (await response.json()) as Res };
}
