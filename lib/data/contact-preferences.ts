import "server-only";
import { db } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { keepEarlierDetails } from "./patient-detail-history";

export interface ContactPreferences {
  doNotEmail: boolean;
  doNotText: boolean;
  doNotCall: boolean;
}

/**
 * The channels a patient asked not to be contacted on. Bumps the patient's version, so a demographics form
 * opened before this change cannot silently put the old preferences back.
 */
export async function setContactPreferences(actor: AuditActor, patientId: string, prefs: ContactPreferences): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.patient.findUnique({ where: { id: patientId } });
    if (!before) throw notFound("patient");
    const updated = await tx.patient.updateMany({ where: { id: patientId, version: before.version }, data: { ...prefs, version: { increment: 1 } } });
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
