import "server-only";
import { db } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { keepEarlierDetails } from "./patient-detail-history";
import { assertMay } from "./viewer";

export interface ContactPreferences {
  doNotEmail: boolean;
  doNotText: boolean;
  doNotCall: boolean;
}

/**
 * The channels a patient asked not to be contacted on, saved from a form opened at the patient's `version`:
 * a form opened before another change of the patient's details (these choices included) is refused, so it
 * cannot put an earlier choice back. Bumps the version, so no form opened before this change can either.
 */
export async function setContactPreferences(actor: AuditActor, patientId: string, prefs: ContactPreferences, version: number): Promise<void> {
  assertMay(actor, "patients.write");
  await db.$transaction(async (tx) => {
    const before = await tx.patient.findUnique({ where: { id: patientId } });
    if (!before) throw notFound("patient");
    const updated = await tx.patient.updateMany({ where: { id: patientId, version }, data: { ...prefs, version: { increment: 1 } } });
    if (updated.count !== 1) throw conflict("This patient's details were changed by someone else just now. Reload the page and choose again.");
    // The choices replaced are kept like any edit of the patient's details (the edit page lists them).
    const unchanged = before.doNotEmail === prefs.doNotEmail && before.doNotText === prefs.doNotText && before.doNotCall === prefs.doNotCall;
    const kept = unchanged ? null : await keepEarlierDetails(tx, actor, before);
    await writeAudit(tx, actor, {
      action: "patient.contact_preferences",
      entityType: "Patient",
      entityId: patientId,
      patientId,
      changes: { ...prefs, earlierDetailsId: kept?.id ?? null },
    });
  });
}
