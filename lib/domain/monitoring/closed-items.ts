import { addDays, type IsoDate } from "../dates";
import type { ItemStatus } from "./items";

/**
 * How long a completed or waived item stays listed with the patient's recent ones (the patient page's monitoring
 * section). A repeat test asked for at a review belongs to no course, so it never leaves the patient's items once
 * done: without a bound, every repeat ever completed, and every item waived, would be listed there for good.
 */
export const CLOSED_ITEMS_RECENT_DAYS = 30;

/**
 * A patient's closed items split by the day they closed: a completed item on the day it was done, a waived one on
 * its waiver's day (`dayOf`: the clinic's day of an instant). Recent: closed in the last CLOSED_ITEMS_RECENT_DAYS
 * days (and an item with no such day); older: before, listed on their own, a click away. Each keeps its order.
 */
export function splitClosedItems<T extends { status: ItemStatus; completedOn: IsoDate | null; waiver: { waivedAt: string } | null }>(
  items: readonly T[],
  today: IsoDate,
  dayOf: (instant: string) => IsoDate,
): { recent: T[]; older: T[] } {
  const since = addDays(today, -CLOSED_ITEMS_RECENT_DAYS);
  const closedOn = (i: T) => (i.status === "WAIVED" && i.waiver ? dayOf(i.waiver.waivedAt) : i.completedOn);
  const isOlder = (i: T) => {
    const day = closedOn(i);
    return day !== null && day < since;
  };
  return { recent: items.filter((i) => !isOlder(i)), older: items.filter(isOlder) };
}
