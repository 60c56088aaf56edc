import "server-only";
import { clinicToday, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import type { Patient } from "@/lib/generated/prisma/client";
import type { AuditActor } from "./audit";
import type { IsoDate } from "@/lib/domain/dates";
import { assertCan, type Viewer } from "./viewer";

/** The patient details an edit can change, in the order the history lists them. */
const FIELDS = ["mrn", "firstName", "lastName", "dateOfBirth", "sexAtBirth", "phone", "email", "indication", "doNotEmail", "doNotText", "doNotCall"] as const;
export type DetailField = (typeof FIELDS)[number];
type DetailValue = string | boolean | null;
type Details = Record<DetailField, DetailValue>;

export interface DetailEdit {
  id: string;
  /** The clinic's calendar date of the save that replaced these values, and who saved. */
  replacedOn: IsoDate;
  replacedBy: string;
  /** Each field the save changed: the value kept here and the value that replaced it. */
  changes: { field: DetailField; from: DetailValue; to: DetailValue }[];
}

/**
 * Keeps the patient's details as they stood before a save that changes them, inside the save's
 * transaction; `before` is the row as read in it, and the save must only apply to that version.
 */
export function keepEarlierDetails(tx: Tx, actor: AuditActor, before: Patient): Promise<{ id: string }> {
  const values = Object.fromEntries(FIELDS.map((f) => [f, before[f]])) as Pick<Patient, DetailField>;
  return tx.patientDetailVersion.create({
    data: { ...values, patientId: before.id, version: before.version, replacedById: actor.id },
    select: { id: true },
  });
}

const detailsSelect = Object.fromEntries(FIELDS.map((f) => [f, true])) as Record<DetailField, true>;

function details(row: Record<DetailField, string | boolean | Date | null>): Details {
  return Object.fromEntries(FIELDS.map((f) => [f, row[f] instanceof Date ? isoFromDb(row[f]) : row[f]])) as Details;
}

/**
 * A patient's earlier details, newest edit first: what each save replaced, with the values that replaced
 * them (the next kept version, or the details as they are now). For whoever may read the patient: the
 * same demographics the patient's pages show.
 */
export async function getPatientDetailHistory(viewer: Viewer, patientId: string): Promise<DetailEdit[]> {
  assertCan(viewer, "patients.read");
  const patient = await db.patient.findUnique({
    where: { id: patientId },
    select: {
      ...detailsSelect,
      detailVersions: {
        orderBy: { version: "asc" },
        select: { ...detailsSelect, id: true, replacedAt: true, replacedBy: { select: { name: true } } },
      },
    },
  });
  if (!patient) return [];
  const edits: DetailEdit[] = [];
  patient.detailVersions.forEach((v, i) => {
    const before = details(v);
    const after = details(patient.detailVersions[i + 1] ?? patient);
    edits.push({
      id: v.id,
      replacedOn: clinicToday(v.replacedAt),
      replacedBy: v.replacedBy.name,
      changes: FIELDS.filter((f) => before[f] !== after[f]).map((field) => ({ field, from: before[field], to: after[field] })),
    });
  });
  return edits.reverse();
}
