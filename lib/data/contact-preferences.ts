import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";

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
    const updated = await tx.patient.updateMany({ where: { id: patientId }, data: { ...prefs, version: { increment: 1 } } });
    if (updated.count !== 1) throw notFound("patient");
    await writeAudit(tx, actor, {
      action: "patient.contact_preferences",
      entityType: "Patient",
      entityId: patientId,
      patientId,
      changes: { ...prefs },
    });
  });
}
