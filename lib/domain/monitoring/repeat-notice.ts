import { formatDate } from "@/lib/format";
import type { IsoDate } from "../dates";

/**
 * What dermatologists are told of an open repeat test that stopped being listed when nobody who saw it was a
 * dermatologist (docs/DOMAIN.md "What a lab review's action does"): its result corrected to a normal value by the
 * laboratory (its interface, an upload or the queue) or by hand, or voided as entered in error. A dermatologist
 * who makes such a change is told in its answer instead. The product's choice: no source sets how a clinic learns
 * that a test it asked for is no longer wanted; the dermatologist asked for it, so a dermatologist is told.
 */
export type RepeatNoticeCause = "LAB_CORRECTION" | "CORRECTION" | "VOID";

export interface RepeatNoticeFacts {
  /** The repeat's item label, "Repeat triglycerides (after the result of 20 Nov 2026)" (repeatLabel). */
  label: string;
  cause: RepeatNoticeCause;
  /** The clinic day the result was corrected or voided. */
  on: IsoDate;
  /** Who corrected or voided it by hand (the laboratory's correction names the laboratory). */
  by: string | null;
  /** The corrected value as shown ("120 mg/dL"); null for a void. */
  value: string | null;
  /** The void's reason; null for a correction. */
  reason: string | null;
}

/**
 * "Repeat triglycerides (after the result of 20 Nov 2026) no longer needed: the laboratory corrected the result to
 * 120 mg/dL (normal) on 23 Nov 2026." A void lists nothing because the result is gone, not because it was normal:
 * "… no longer listed: Nina Ruiz marked the result as entered in error on 23 Nov 2026 (Another patient's sample)."
 */
export function repeatNoticeText(n: RepeatNoticeFacts): string {
  const on = formatDate(n.on);
  const who = n.cause === "LAB_CORRECTION" ? "the laboratory" : (n.by ?? "a user");
  if (n.cause === "VOID") return `${n.label} no longer listed: ${who} marked the result as entered in error on ${on}${n.reason ? ` (${n.reason})` : ""}.`;
  return `${n.label} no longer needed: ${who} corrected the result to ${n.value ?? "a normal value"} (normal) on ${on}.`;
}
