import "server-only";
import { can, type Role } from "@/lib/auth/permissions";
import { Prisma } from "@/lib/generated/prisma/client";
import { DERMATOLOGIST_ONLY_KINDS, ITEM_KINDS, isDermatologistOnly, type ItemKind } from "@/lib/domain/monitoring/items";
import { isDermatologistOnlyKey } from "@/lib/domain/pregnancy/monitoring";
import { clinicalItemLabel } from "@/lib/domain/pregnancy/follow-ups";

/**
 * Which monitoring items a role gets. The dermatologist's own items (DERMATOLOGIST_ONLY_KINDS, with why) go to
 * clinical roles only: those that read lab results, the permission that already divides what clinical roles
 * and office staff read of an item (its clinical label, a waiver's text). Every read of items that office
 * staff can reach asks here, in its SQL or on its rows, so that none lists, counts or offers them.
 */
export const seesDermatologistOnlyItems = (role: Role): boolean => can(role, "labs.read");

/** The kinds this role never gets. */
export const hiddenKinds = (role: Role): readonly ItemKind[] => (seesDermatologistOnlyItems(role) ? [] : DERMATOLOGIST_ONLY_KINDS);

/** The kinds this role may filter the worklist by. */
export const visibleItemKinds = (role: Role): readonly ItemKind[] => ITEM_KINDS.filter((k) => !hiddenKinds(role).includes(k));

/** Whether this role gets an item of this kind. */
export const seesKind = (role: Role, kind: ItemKind): boolean => seesDermatologistOnlyItems(role) || !isDermatologistOnly(kind);

/** A stored item's label as this role reads it: clinical roles read a follow-up after a confirmed pregnancy in words. */
export const itemLabelFor = (role: Role, key: string, storedLabel: string): string =>
  seesDermatologistOnlyItems(role) ? clinicalItemLabel(key, storedLabel) : storedLabel;

/** Whether this role gets what names this item key (an outreach note), whether the item is still listed or not. */
export const seesItemKey = (role: Role, key: string): boolean => seesDermatologistOnlyItems(role) || !isDermatologistOnlyKey(key);

/**
 * "AND <alias>.kind is one this role gets", for a query over monitoring_items: nothing for clinical roles. The
 * open items' index carries the kind (migration 20261215000000), so the worklist's counts stay index-only.
 */
export function visibleKindsSql(role: Role, alias: "mi" | "m2" = "mi"): Prisma.Sql {
  const hidden = hiddenKinds(role);
  return hidden.length ? Prisma.sql`AND ${Prisma.raw(alias)}.kind <> ALL(${[...hidden]}::text[])` : Prisma.empty;
}

/**
 * The item keys of the dermatologist's own items (isDermatologistOnlyKey in lib/domain/pregnancy/monitoring.ts: a
 * review's, a follow-up's), as a PostgreSQL regular expression, for rows that keep only the key (outreach notes).
 */
const DERMATOLOGIST_ONLY_KEY_SQL = "^(test:[^:]+:preg-review|decision:[^:]+:follow-up-[0-9]+)$";

/**
 * "AND <alias>.item_key names an item this role gets", for a query over outreach notes (whose item may be gone
 * since): nothing for clinical roles. A note other roles do not read is not counted for them either.
 */
export function visibleNoteKeysSql(role: Role, alias = "n"): Prisma.Sql {
  return seesDermatologistOnlyItems(role) ? Prisma.empty : Prisma.sql`AND ${Prisma.raw(alias)}.item_key !~ ${DERMATOLOGIST_ONLY_KEY_SQL}`;
}

/** What a role that does not get the dermatologist's own items reads in place of such a call's note. */
export const NOTE_FOR_CLINICIANS = "Note shown to clinicians only.";

/**
 * The outreach notes this role reads, with the text it may read. One call (its notes share a call id) may
 * cover several items with one note: a role that does not get the dermatologist's own items reads the call
 * under the items it gets, but not the words of a call that also covered one of those (a pregnancy review, a
 * follow-up after a confirmed pregnancy), which may be about it: NOTE_FOR_CLINICIANS instead. Pass every note
 * of the calls, voided ones included, so that a call is known by all the items it covered.
 */
export function notesReadBy<T extends { callId: string; itemKey: string; note: string }>(role: Role, notes: readonly T[]): T[] {
  if (seesDermatologistOnlyItems(role)) return [...notes];
  const withheld = new Set(notes.filter((n) => isDermatologistOnlyKey(n.itemKey)).map((n) => n.callId));
  return notes.filter((n) => !isDermatologistOnlyKey(n.itemKey)).map((n) => (withheld.has(n.callId) ? { ...n, note: NOTE_FOR_CLINICIANS } : n));
}
