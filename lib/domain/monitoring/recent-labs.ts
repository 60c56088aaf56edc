import { addDays, type IsoDate } from "../dates";
import type { Flag } from "./flags";

/** The confirmation a course start needs when recent labs are abnormal or still unreviewed. */
export const RECENT_LABS_CODE = "RECENT_ABNORMAL_LABS";
/** The first day whose results the warning names: the window before the start or today, whichever is earlier. */
export const recentLabsFrom = (startDate: IsoDate, today: IsoDate, windowDays: number) => addDays(startDate < today ? startDate : today, -windowDays);

export interface RecentLab {
  name: string;
  specimenDate: IsoDate;
  flag: Flag;
  value: string;
  reviewed: boolean;
}

/**
 * Starting isotretinoin on abnormal baseline labs is a decision to make knowingly: the label asks for
 * lipids and liver tests before treatment and caution with elevated values (isotretinoin prescribing
 * information, "Laboratory tests"; Xia et al., JAMA Dermatol 2022). So every abnormal result from the
 * protocol's baseline window (`windowDays`, the clinic's setting: 30 by default) before the start or today,
 * whichever is earlier, up to the later of the two, reviewed or not, is named in one warning to confirm.
 */
export function recentLabWarning(labs: RecentLab[], startDate: IsoDate, today: IsoDate, windowDays: number, formatDate: (d: IsoDate) => string) {
  const to = startDate > today ? startDate : today;
  const from = recentLabsFrom(startDate, today, windowDays);
  const abnormal = labs.filter((l) => l.flag !== "NORMAL" && l.specimenDate >= from && l.specimenDate <= to);
  if (abnormal.length === 0) return null;
  // Latest first, a day's results by their text: the same results read in another order (the database's, which
  // no query fixes) say the same text, which the confirmation given on it confirms (lib/errors.ts).
  const list = abnormal
    .map((l) => ({
      day: l.specimenDate,
      text: `${l.name} ${l.value} (${l.flag.toLowerCase()}, ${formatDate(l.specimenDate)}${l.reviewed ? "" : ", not reviewed"})`,
    }))
    .sort((a, b) => (a.day !== b.day ? (a.day < b.day ? 1 : -1) : a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map((l) => l.text)
    .join("; ");
  return { code: RECENT_LABS_CODE, message: `Abnormal lab results in the ${windowDays} days before the start: ${list}.` };
}
