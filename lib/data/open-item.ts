import "server-only";
import type { Role } from "@/lib/auth/permissions";
import type { Tx } from "@/lib/db";
import { isActionable } from "@/lib/domain/monitoring/items";
import type { MonitoringItem } from "@/lib/domain/monitoring/protocol";
import { refused } from "@/lib/errors";
import { lockDerivedData } from "./locks";
import { seesKind } from "./item-visibility";
import { computePatientItems } from "./monitoring";

/** Why an item that is not open takes no waiver or note, by its status. */
const NOT_OPEN: Partial<Record<MonitoringItem["status"], string>> = {
  COMPLETED: "That monitoring item is already completed; nothing was recorded.",
  WAIVED: "That monitoring item is already waived; nothing was recorded.",
  NOT_DUE: "That monitoring item is not due yet; nothing was recorded.",
};

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
  await lockDerivedData(tx, [patientId]);
  const item = (await computePatientItems(patientId, asOf, tx)).find((i) => i.key === itemKey && (!role || seesKind(role, i.kind)));
  if (!item) throw refused("That monitoring item is not open for this patient.");
  if (!isActionable(item)) throw refused(NOT_OPEN[item.status] ?? "That monitoring item is not open for this patient.");
  return item;
}
