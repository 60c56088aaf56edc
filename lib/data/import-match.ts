import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { ImportKind } from "@/lib/import/templates";
import { lockMrns, lockPatients } from "./locks";

export const NO_SUCH_PATIENT = "No registered patient has this MRN and date of birth.";

/** The patients with any of these MRNs, whatever their case: an MRN names one patient in any case (unique on lower(mrn)). */
export const mrnIn = (mrns: string[]) => ({ mrn: { in: mrns, mode: "insensitive" as const } });

/**
 * The registered patients a file's rows name, and the one a row names: its MRN and its date of birth must
 * both match, so that a mistyped MRN never lands on someone else. Each patient a row matched is added to
 * `shown`: the preview says what is recorded for them, so its view names them (ImportPlan.patientIds).
 */
export async function registeredPatients(tx: Tx, keys: { mrn: string }[], shown: Set<string>) {
  const patients = await tx.patient.findMany({ where: mrnIn(keys.map((k) => k.mrn)), select: { id: true, mrn: true, dateOfBirth: true } });
  const byMrn = new Map(patients.map((p) => [p.mrn.toLowerCase(), p]));
  const match = (key: { mrn: string; dateOfBirth: string }) => {
    const patient = byMrn.get(key.mrn.toLowerCase());
    if (!patient || isoFromDb(patient.dateOfBirth) !== key.dateOfBirth) return null;
    shown.add(patient.id);
    return patient;
  };
  return { patients, match };
}

/**
 * Locks what a file's rows name before its plan is drawn, so that the plan is decided against records no
 * one else changes until the import commits: every registered patient whose MRN the file names (their rows,
 * then their derived-data locks: lockPatients), or, for a file of patients, the registration lock of every
 * MRN it names (lockMrns). A write committed while the import waited is then seen by the plan: the same file
 * imported at the same moment finds its rows already recorded, and a course entered or corrected by hand is
 * checked against as it now is.
 */
export async function lockFileRecords(tx: Tx, kind: ImportKind, rows: Record<string, string>[]): Promise<void> {
  const mrns = [...new Set(rows.map((r) => (r.mrn ?? "").trim()).filter(Boolean))];
  if (kind === "patients") return lockMrns(tx, mrns);
  const named = await tx.patient.findMany({ where: mrnIn(mrns), select: { id: true } });
  await lockPatients(
    tx,
    named.map((p) => p.id),
  );
}
