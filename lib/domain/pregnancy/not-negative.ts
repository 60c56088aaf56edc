import type { Flag } from "../monitoring/flags";

/**
 * A pregnancy test recorded on the chart that is not negative: positive (flagged CRITICAL) or indeterminate
 * (ACTION) by flagResult (lib/domain/monitoring/flags.ts). It stops prescribing until a dermatologist documents
 * a decision on it (blockingTests, pregnancy-tests.ts; iPLEDGE REMS: a positive test stops the drug), so whoever
 * records it, by hand or in a laboratory's file, is told at once.
 */
export const pregnancyTestNotNegative = (r: { analyte: string; flag: Flag }) => r.analyte === "HCG" && r.flag !== "NORMAL";

/**
 * What whoever recorded such a test is told to do: a dermatologist, who decides (pregnancy.decide), documents a
 * decision; anyone else tells the dermatologist today.
 */
export const pregnancyNotNegativeNextStep = (decides: boolean) =>
  decides ? "prescribing is stopped until you document a decision on it, under Pregnancy prevention." : "prescribing is stopped. Tell the dermatologist today.";
