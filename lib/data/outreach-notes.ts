import "server-only";
import { db } from "@/lib/db";
import { seesItemKey } from "./item-visibility";
import { assertCan, type Viewer } from "./viewer";

/**
 * The latest current outreach note of each of a patient's items, for the patient's monitoring list (where a
 * note entered in error is voided). Notes voided as entered in error are left out, and so are notes about
 * the dermatologist's own items for roles that do not get them (lib/data/item-visibility.ts).
 */
export async function getLatestOutreachNotes(viewer: Viewer, patientId: string): Promise<Map<string, { id: string; note: string; by: string; at: Date }>> {
  assertCan(viewer, "monitoring.read");
  const notes = await db.outreachNote.findMany({
    where: { patientId, voidedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, itemKey: true, note: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  const latest = new Map<string, { id: string; note: string; by: string; at: Date }>();
  for (const n of notes.filter((note) => seesItemKey(viewer.role, note.itemKey)))
    if (!latest.has(n.itemKey)) latest.set(n.itemKey, { id: n.id, note: n.note, by: n.createdBy.name, at: n.createdAt });
  return latest;
}
