import "server-only";
import { db } from "@/lib/db";
import { notesReadBy } from "./item-visibility";
import { assertCan, type Viewer } from "./viewer";

/**
 * The latest current outreach note of each of a patient's items, for the patient's monitoring list (where a
 * note entered in error is voided). Notes voided as entered in error are left out, and so are notes about
 * the dermatologist's own items for roles that do not get them; for those roles, a call that also covered one of
 * those items shows NOTE_FOR_CLINICIANS in place of its note (notesReadBy, lib/data/item-visibility.ts).
 */
export async function getLatestOutreachNotes(viewer: Viewer, patientId: string): Promise<Map<string, { id: string; note: string; by: string; at: Date }>> {
  assertCan(viewer, "monitoring.read");
  // Voided notes too: a call is known by every item it covered (notesReadBy).
  const notes = await db.outreachNote.findMany({
    where: { patientId },
    orderBy: { createdAt: "desc" },
    select: { id: true, callId: true, itemKey: true, note: true, voidedAt: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  const latest = new Map<string, { id: string; note: string; by: string; at: Date }>();
  for (const n of notesReadBy(viewer.role, notes))
    if (n.voidedAt === null && !latest.has(n.itemKey)) latest.set(n.itemKey, { id: n.id, note: n.note, by: n.createdBy.name, at: n.createdAt });
  return latest;
}
