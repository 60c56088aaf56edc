import { addDays, type IsoDate } from "../dates";
import type { Flag } from "./flags";

/** The confirmation a course start needs when recent labs are abnormal or still unreviewed. */
export const RECENT_LABS_CODE = "RECENT_ABNORMAL_LABS";
/** The baseline window of the monitoring protocol (ALT/AST and lipids within 30 days before the start). */
export const RECENT_LAB_DAYS = 30;

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
 * information, "Laboratory tests"; Xia et al., JAMA Dermatol 2022). So every abnormal result from the 30
 * days up to the start (or up to today, if later), reviewed or not, is named in one warning to confirm.
 */
export function recentLabWarning(labs: RecentLab[], startDate: IsoDate, today: IsoDate, formatDate: (d: IsoDate) => string) {
  const to = startDate > today ? startDate : today;
  const from = addDays(startDate < today ? startDate : today, -RECENT_LAB_DAYS);
  const abnormal = labs.filter((l) => l.flag !== "NORMAL" && l.specimenDate >= from && l.specimenDate <= to);
  if (abnormal.length === 0) return null;
  const list = abnormal
    .sort((a, b) => (a.specimenDate < b.specimenDate ? 1 : -1))
    .map((l) => `${l.name} ${l.value} (${l.flag.toLowerCase()}, ${formatDate(l.specimenDate)}${l.reviewed ? "" : ", not reviewed"})`)
    .join("; ");
  return { code: RECENT_LABS_CODE, message: `Abnormal lab results in the ${RECENT_LAB_DAYS} days before the start: ${list}.` };
}
