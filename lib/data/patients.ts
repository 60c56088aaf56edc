import "server-only";
import { cache } from "react";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { PregnancyCategory } from "@/lib/generated/prisma/enums";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { isValidIsoDate } from "@/lib/domain/dates";
import { showPhone } from "@/lib/phone";
import { db, type Tx } from "@/lib/db";
import { conflict, invalidField } from "@/lib/errors";
import type { PatientInput, PatientUpdateInput } from "@/lib/validation/patient";
import { parseDobQuery } from "@/lib/validation/search";
import { diffFields, writeAudit, type AuditActor } from "./audit";
import { count, dateColumn, queryRow, queryRows } from "./query-rows";
import { holdWaitingPregnancyTests } from "./hl7-queue-holds";
import { lockMrns } from "./locks";
import { keepEarlierDetails } from "./patient-detail-history";
import { assertCan, assertMay, type Viewer } from "./viewer";

export const PAGE_SIZE = 20;

/** A term as a case-insensitive prefix pattern for LIKE over lower(...): wildcards in the term match literally. */
const prefixPattern = (term: string) => `${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Part of an MRN: one word of MRN characters with a digit in it, at least 3 long (fewer would match a crowd). */
const PARTIAL_MRN = /^(?=.*\d)[A-Za-z0-9-]{3,}$/;

/**
 * The MRN, in any case: exactly, or, for a term that can be part of one, an MRN that starts or ends with
 * it ("10021" finds MRN-10021, "mrn-1002" finds MRN-10020 to MRN-10029). Each is a range of an index:
 * lower(mrn) and reverse(lower(mrn)) with text_pattern_ops (migration 20270102000000), an ending being the
 * start of the reversed MRN.
 */
export function mrnMatchSql(q: string): Prisma.Sql {
  if (!PARTIAL_MRN.test(q)) return Prisma.sql`lower(p.mrn) = ${q.toLowerCase()}`;
  const reversed = [...q].reverse().join("");
  return Prisma.sql`(lower(p.mrn) LIKE ${prefixPattern(q)} OR reverse(lower(p.mrn)) LIKE ${prefixPattern(reversed)})`;
}

/**
 * The MRN (exactly, or its start or end: mrnMatchSql), or name prefixes over patients (p): every term (at
 * most four) must start the first or the last name. The patient list's search and the worklist's share it.
 */
export function mrnOrNameSql(q: string): Prisma.Sql {
  const terms = q.replace(/,/g, " ").split(/\s+/).filter(Boolean).slice(0, 4);
  const names = terms.map((t) => Prisma.sql`(lower(p.first_name) LIKE ${prefixPattern(t)} OR lower(p.last_name) LIKE ${prefixPattern(t)})`);
  return Prisma.sql`(${mrnMatchSql(q)} OR (${Prisma.join(names, " AND ")}))`;
}

/**
 * The MRN (exactly, or its start or end), date of birth, or name prefixes: every term must start the first
 * or the last name. Each branch is a range of an index (lower(mrn) and reverse(lower(mrn)), date_of_birth,
 * lower(first_name) and lower(last_name), the text ones with text_pattern_ops; migrations 20261122030000
 * and 20270102000000), so the cost follows the matches, not the clinic's size.
 */
function searchSql(q: string): Prisma.Sql {
  if (!q) return Prisma.sql`TRUE`;
  const dob = parseDobQuery(q);
  if (dob) return isValidIsoDate(dob) ? Prisma.sql`p.date_of_birth = ${dob}::date` : Prisma.sql`FALSE`;
  return mrnOrNameSql(q);
}

const patientListRow = z.object({
  id: z.string(),
  mrn: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  date_of_birth: dateColumn,
  pregnancy_category: z.enum(PregnancyCategory),
  phone: z.string().nullable(),
});

/** The patient list's orders, each with the direction it sorts in first; every order ends on the id. */
export const PATIENT_SORTS = { name: "asc", mrn: "asc", dob: "asc", category: "asc" } as const;
export type PatientSort = keyof typeof PATIENT_SORTS;

function patientOrderSql(sort: { key: PatientSort; dir: "asc" | "desc" }) {
  const dir = Prisma.raw(sort.dir === "asc" ? "ASC" : "DESC");
  const name = Prisma.sql`p.last_name ${dir}, p.first_name ${dir}`;
  switch (sort.key) {
    case "mrn":
      return Prisma.sql`lower(p.mrn) ${dir}, p.id`;
    case "dob":
      return Prisma.sql`p.date_of_birth ${dir}, ${name}, p.id`;
    case "category":
      return Prisma.sql`p.pregnancy_category ${dir}, ${name}, p.id`;
    default:
      return Prisma.sql`${name}, p.id`;
  }
}

/**
 * One page of patients, by name unless sorted otherwise. A search selects its matches through the indexes
 * first (MATERIALIZED, or the planner may walk the name index from "A" looking for them), then sorts only those.
 */
export async function searchPatients(viewer: Viewer, q: string, page: number, sort: { key: PatientSort; dir: "asc" | "desc" } = { key: "name", dir: "asc" }) {
  assertCan(viewer, "patients.read");
  const where = searchSql(q);
  const [rows, { total }] = await Promise.all([
    queryRows(
      db,
      patientListRow,
      Prisma.sql`
      ${q ? Prisma.sql`WITH p AS MATERIALIZED (SELECT * FROM patients p WHERE ${where})` : Prisma.empty}
      SELECT p.id, p.mrn, p.first_name, p.last_name, p.date_of_birth, p.pregnancy_category::text AS pregnancy_category, p.phone
      FROM ${q ? Prisma.sql`p` : Prisma.sql`patients p`}
      ORDER BY ${patientOrderSql(sort)}
      LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`,
    ),
    queryRow(db, z.object({ total: count }), Prisma.sql`SELECT count(*) AS total FROM patients p WHERE ${where}`),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      mrn: r.mrn,
      firstName: r.first_name,
      lastName: r.last_name,
      dateOfBirth: isoFromDb(r.date_of_birth),
      pregnancyCategory: r.pregnancy_category,
      // As the list shows it: a number stored before numbers were checked is shown as stored, flagged.
      phone: r.phone ? showPhone(r.phone) : null,
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

/** The row, read once per request however many parts of the page ask (the portal layout and the page). */
const patientRow = cache((patientId: string) => db.patient.findUnique({ where: { id: patientId } }));

/** One patient's demographics, for the pages of the patient (any role that reads patients). */
export async function getPatient(viewer: Viewer, patientId: string) {
  assertCan(viewer, "patients.read");
  const p = await patientRow(patientId);
  return p ? { ...p, dateOfBirth: isoFromDb(p.dateOfBirth) } : null;
}

function toRow<T extends PatientUpdateInput>(input: T) {
  return { ...input, dateOfBirth: dbDate(input.dateOfBirth), phone: input.phone ?? null, email: input.email ?? null };
}

const staleRecord = () => conflict("This record was changed by someone else since you opened it. Reload the page to see the latest version.");
const duplicateMrn = () => invalidField("mrn", "Another patient already has this MRN.");

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: string }).code === "P2002";
}

export const ONLY_DERMATOLOGIST_CATEGORY = "Only a dermatologist documents that a patient cannot become pregnant.";

/**
 * A new patient. Only a dermatologist documents that a patient cannot become pregnant (iPLEDGE makes the
 * prescriber responsible for the category); anyone else registers the REMS default, "can become pregnant",
 * which the dermatologist changes with a reason.
 */
export async function createPatient(actor: AuditActor, input: PatientInput): Promise<string> {
  assertMay(actor, "patients.write");
  try {
    return await db.$transaction((tx) => insertPatient(tx, actor, input));
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateMrn();
    throw error;
  }
}

/** The patient, their category as registered and the audit row, inside the caller's transaction. */
export async function insertPatient(tx: Tx, actor: AuditActor, input: PatientInput, context: Record<string, string> = {}): Promise<string> {
  if (input.pregnancyCategory !== "CAN_BECOME_PREGNANT" && actor.role !== "DERMATOLOGIST") throw invalidField("pregnancyCategory", ONLY_DERMATOLOGIST_CATEGORY);
  // An import of a file naming this MRN and a registration by hand wait for each other (lockMrns).
  await lockMrns(tx, [input.mrn]);
  const patient = await tx.patient.create({
    data: { ...toRow(input), primaryClinicianId: actor.role === "DERMATOLOGIST" ? actor.id : null },
    select: { id: true },
  });
  await tx.pregnancyCategoryChange.create({
    data: {
      patientId: patient.id,
      category: input.pregnancyCategory,
      effectiveFrom: dbDate(input.dateOfBirth),
      reason: "Recorded at registration",
      changedById: actor.id,
    },
  });
  // A laboratory's pregnancy test already waiting under this MRN stops the new patient's prescribing.
  await holdWaitingPregnancyTests(tx, { id: patient.id, mrn: input.mrn });
  await writeAudit(tx, actor, {
    action: "patient.create",
    entityType: "Patient",
    entityId: patient.id,
    patientId: patient.id,
    changes: { fields: Object.keys(input), ...context },
  });
  return patient.id;
}

/** Optimistic concurrency: the update applies only if nobody saved since the form was loaded. */
export async function updatePatient(actor: AuditActor, patientId: string, version: number, input: PatientUpdateInput): Promise<void> {
  assertMay(actor, "patients.write");
  try {
    await db.$transaction(async (tx) => {
      // An HL7 import matching this MRN and this edit wait for each other (lockMrns), as a registration does.
      await lockMrns(tx, [input.mrn]);
      const before = await tx.patient.findUnique({ where: { id: patientId } });
      if (!before) throw staleRecord();
      const updated = await tx.patient.updateMany({ where: { id: patientId, version }, data: { ...toRow(input), version: { increment: 1 } } });
      if (updated.count !== 1) throw staleRecord();
      const changed = diffFields(before as unknown as Record<string, unknown>, toRow(input));
      // Nothing is lost: the values replaced are kept, with who replaced them (shown on the edit page).
      const kept = Object.keys(changed).length ? await keepEarlierDetails(tx, actor, before) : null;
      // Corrected to an MRN a laboratory's waiting pregnancy test names: that test stops this patient's prescribing.
      await holdWaitingPregnancyTests(tx, { id: patientId, mrn: input.mrn });
      // Demographic values are PHI: the audit row names the fields that changed and the kept version, not their values.
      await writeAudit(tx, actor, {
        action: "patient.update",
        entityType: "Patient",
        entityId: patientId,
        patientId,
        changes: { fields: Object.keys(changed), earlierDetailsId: kept?.id ?? null },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateMrn();
    throw error;
  }
}
