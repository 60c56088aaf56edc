import { isActionable, type ItemStatus } from "@/lib/domain/monitoring/items";
import type { OutreachOutcome } from "@/lib/generated/prisma/enums";

/**
 * Outreach calls: one call (a phone call or message to the patient) may cover several of the patient's open
 * items, and writes one note per item, all with the call's id (lib/data/add-outreach-note.ts). Each note is
 * voided on its own; the history shows the call once.
 */

/** One note as the history reads it: its item's label as the viewer reads it, or null when the item is no longer listed. */
export interface OutreachNoteRead {
  id: string;
  callId: string;
  /** When it was written (ISO). */
  at: string;
  by: string;
  outcome: OutreachOutcome | null;
  note: string;
  item: string | null;
  /** Entered in error: why; null while it counts. */
  voidReason: string | null;
}

/** One item a call covered: its note (voided on its own), the item's label, and why the note was voided. */
export interface OutreachCallItem {
  noteId: string;
  item: string | null;
  voidReason: string | null;
}

/** One call in the outreach history: who, when, how it went and what was said, once; the items it covered. */
export interface OutreachCall {
  type: "call";
  /** The call's id. */
  id: string;
  at: string;
  by: string;
  outcome: OutreachOutcome | null;
  note: string;
  /** By label; an item no longer listed last. */
  items: OutreachCallItem[];
  /** Every note of the call entered in error: the call no longer counts. */
  voided: boolean;
}

const byLabel = (a: OutreachCallItem, b: OutreachCallItem) =>
  a.item === b.item ? (a.noteId < b.noteId ? -1 : 1) : a.item === null ? 1 : b.item === null ? -1 : a.item.localeCompare(b.item);

/**
 * The calls of these notes, one per call id, in the order of each call's first note: its time the earliest of
 * its notes'. The notes given are the ones the viewer reads; a call of which they read no note is not there.
 */
export function groupOutreachCalls(notes: readonly OutreachNoteRead[]): OutreachCall[] {
  const calls = new Map<string, OutreachCall>();
  for (const n of notes) {
    const item = { noteId: n.id, item: n.item, voidReason: n.voidReason };
    const call = calls.get(n.callId);
    if (!call) {
      calls.set(n.callId, { type: "call", id: n.callId, at: n.at, by: n.by, outcome: n.outcome, note: n.note, items: [item], voided: n.voidReason !== null });
      continue;
    }
    call.items.push(item);
    if (n.at < call.at) call.at = n.at;
    call.voided &&= n.voidReason !== null;
  }
  for (const call of calls.values()) call.items.sort(byLabel);
  return [...calls.values()];
}

/**
 * What one call may cover, from a patient's items as the viewer reads them (getPatientMonitoring leaves out the
 * items the role does not get): the open ones (isActionable: due soon, due or overdue), in the order given.
 * The data function checks them again (lockOpenItems).
 */
export function outreachChoices(items: readonly { key: string; label: string; status: ItemStatus }[]): { itemKey: string; label: string }[] {
  return items.filter(isActionable).map((i) => ({ itemKey: i.key, label: i.label }));
}
