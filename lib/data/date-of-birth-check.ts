import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { beforeBirthProblem } from "@/lib/domain/date-of-birth";
import { invalidField, notFound } from "@/lib/errors";

type PatientReader = Pick<Tx, "patient">;

/**
 * Why a weight's or a specimen's date cannot be the patient's (lib/domain/date-of-birth.ts: before their
 * date of birth), or null; for a form that names it with its other problems.
 */
export async function beforeBirthOf(client: PatientReader, patientId: string, date: string): Promise<string | null> {
  const patient = await client.patient.findUnique({ where: { id: patientId }, select: { dateOfBirth: true } });
  if (!patient) throw notFound("patient");
  return beforeBirthProblem(date, isoFromDb(patient.dateOfBirth));
}

/** A weight's or a specimen's date before the patient's date of birth, refused on its field: nothing is written. */
export async function checkNotBeforeBirth(client: PatientReader, patientId: string, field: string, date: string): Promise<void> {
  const problem = await beforeBirthOf(client, patientId, date);
  if (problem) throw invalidField(field, problem);
}
