import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";

export const NO_SUCH_PATIENT = "No registered patient has this MRN and date of birth.";

/**
 * The registered patients a file's rows name, and the one a row names: its MRN and its date of birth must
 * both match, so that a mistyped MRN never lands on someone else.
 */
export async function registeredPatients(tx: Tx, keys: { mrn: string }[]) {
  const patients = await tx.patient.findMany({ where: { mrn: { in: keys.map((k) => k.mrn) } }, select: { id: true, mrn: true, dateOfBirth: true } });
  const byMrn = new Map(patients.map((p) => [p.mrn, p]));
  const match = (key: { mrn: string; dateOfBirth: string }) => {
    const patient = byMrn.get(key.mrn);
    return patient && isoFromDb(patient.dateOfBirth) === key.dateOfBirth ? patient : null;
  };
  return { patients, match };
}
