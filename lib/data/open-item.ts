import "server-only";
import type { Role } from "@/lib/auth/permissions";
import type { Tx } from "@/lib/db";
import { isActionable } from "@/lib/domain/monitoring/items";
import type { MonitoringItem } from "@/lib/domain/monitoring/protocol";
import { refused } from "@/lib/errors";
import { lockDerivedData } from "./locks";
import { itemLabelFor, seesKind } from "./item-visibility";
import { computePatientItems } from "./monitoring";

/** Why an item that is not open takes no waiver or note, by its status; `what` names the item. */
const NOT_OPEN: Partial<Record<MonitoringItem["status"], (what: string) => string>> = {
  COMPLETED: (what) => `${what} is already completed; nothing was recorded.`,
  WAIVED: (what) => `${what} is already waived; nothing was recorded.`,
  NOT_DUE: (what) => `${what} is not due yet; nothing was recorded.`,
};
const THAT_ITEM = "That monitoring item";
const NOT_LISTED = "That monitoring item is not open for this patient.";
/** Among several: a key that is not the patient's, or an item the role does not get, named by nothing of it. */
const ONE_NOT_LISTED = "One of the items chosen is not open for this patient; nothing was recorded.";

/**
 * The patient's open item of this key, inside the transaction of the waiver or note that names it. Open is
 * what the worklist lists and the forms are offered for (isActionable: due soon, due or overdue); a
 * completed, waived or not yet due item, or any other key, is refused. The patient's derived-data lock is
 * taken first and held until the transaction ends: every write that can complete the item (a result, a
 * pregnancy test) holds it until it commits, so the items are computed from what has committed, and none
 * completes the item between this check and the write. With `role`, an item that role does not get (the
 * dermatologist's own, lib/data/item-visibility.ts) is any other key: refused without a word of its status.
 */
export async function lockOpenItem(tx: Tx, patientId: string, itemKey: string, asOf: string, role?: Role): Promise<MonitoringItem> {
  const [item] = await lockOpenItems(tx, patientId, [itemKey], asOf, role);
  return item!;
}

/**
 * Several open items of one patient, as lockOpenItem checks one: one lock, the items computed once, and the
 * first key that is not open refuses them all. With several keys the refusal names the item (as `role` reads
 * its label) when it is one the role gets; a key that is not the patient's, or an item the role does not get,
 * is refused in the same words whatever it is, so the answer tells nothing of it. One key reads as before.
 */
export async function lockOpenItems(tx: Tx, patientId: string, itemKeys: readonly string[], asOf: string, role?: Role): Promise<MonitoringItem[]> {
  await lockDerivedData(tx, [patientId]);
  const items = await computePatientItems(patientId, asOf, tx);
  const several = itemKeys.length > 1;
  return itemKeys.map((key) => {
    const item = items.find((i) => i.key === key && (!role || seesKind(role, i.kind)));
    if (!item) throw refused(several ? ONE_NOT_LISTED : NOT_LISTED);
    if (!isActionable(item)) {
      const what = several ? (role ? itemLabelFor(role, item.key, item.label) : item.label) : THAT_ITEM;
      throw refused(NOT_OPEN[item.status]?.(what) ?? (several ? ONE_NOT_LISTED : NOT_LISTED));
    }
    return item;
  });
}
