import { addDays, type IsoDate } from "../dates";
import { formatDate } from "@/lib/format";
import { itemBuilder, type MonitoringItem, type Waiver } from "./items";

/**
 * Prescription renewal (docs/DOMAIN.md "Supply"): a course in progress whose prescriptions stop covering it is
 * due a new prescription the day after the last supplied day, and overdue from the next. A new prescription
 * extends the supply, and the item of the old date disappears (its key names the supplied-through day). No
 * item while paused or once ended, nor without supply data (paper records), nor while prescribing is stopped
 * (`stopped`: prescribingStopped in lib/domain/pregnancy, whatever the category — a positive or indeterminate
 * test awaiting a dermatologist's decision, or decided and not yet answered by a negative test, or a pregnancy test
 * result the rules cannot read yet): no prescription can be written then, and the office, which works this item
 * (calls, reminders), must not promise one. The dermatologist has the stop in front of them already (their
 * review item, the laboratory's result in the queue, the banner, the refused prescription); once it ends the
 * item is back with its own key and due date, overdue if the supply ran out meanwhile. Its due-soon days are those of
 * the protocol version in force on its due date, as each lab item follows the version of the day it
 * concerns; whether a planned course has items yet follows the baseline window in force on `asOf`, as its
 * lab items do.
 */
export interface CourseSupply {
  id: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  pauses: { startDate: IsoDate; resumeDate: IsoDate | null }[];
  suppliedThrough?: IsoDate | null;
}

export function renewalItems(
  courses: readonly CourseSupply[],
  asOf: IsoDate,
  waivers: readonly Waiver[],
  /** The protocol windows in force on any day (a ProtocolOn). */
  windowsOn: (date: IsoDate) => { dueSoonDays: number; baselineWindowDays: number },
  stopped = false,
): MonitoringItem[] {
  if (stopped) return [];
  const { baselineWindowDays } = windowsOn(asOf);
  return courses.flatMap((c) => {
    // A course planned far ahead has no items yet: it gets them with its baseline labs (protocol.ts).
    if (c.startDate > addDays(asOf, baselineWindowDays)) return [];
    if (!c.suppliedThrough || (c.endDate !== null && c.endDate <= c.suppliedThrough)) return [];
    if (c.endDate !== null && c.endDate < asOf) return [];
    if (c.pauses.some((p) => p.startDate <= asOf && (p.resumeDate === null || asOf < p.resumeDate))) return [];
    const runsOut = addDays(c.suppliedThrough, 1);
    const build = itemBuilder(asOf, waivers, windowsOn(runsOut).dueSoonDays);
    return [
      build({
        kind: "RX_RENEWAL",
        courseId: c.id,
        key: `course:${c.id}:rx-renewal:${c.suppliedThrough}`,
        dueDate: runsOut,
        completedOn: null,
        overdueAfterDays: 0,
        reasonOpen: `The prescriptions supply this course through ${formatDate(c.suppliedThrough)}; a new prescription is needed from ${formatDate(runsOut)}.`,
        reasonDone: "",
      }),
    ];
  });
}
