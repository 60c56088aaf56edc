/**
 * The analytes whose results the monitoring protocol's lab items read (protocol.ts, labItems; docs/DOMAIN.md
 * "Monitoring protocol"; Xia et al., JAMA Dermatol 2022 Delphi consensus; isotretinoin label): ALT and AST
 * for the baseline liver tests, triglycerides and total cholesterol for the baseline lipids, ALT and
 * triglycerides for the peak-dose and periodic labs. Each with the items it completes, as the lab catalogue
 * names them before a test of it is retired.
 */
export const PROTOCOL_ANALYTES = {
  ALT: "the baseline liver tests and the peak-dose and periodic labs",
  AST: "the baseline liver tests",
  TG: "the baseline lipids and the peak-dose and periodic labs",
  CHOL: "the baseline lipids",
} as const satisfies Record<string, string>;

/** The protocol's items a result of `analyte` completes, if any. */
export const protocolItemsReading = (analyte: string): string | null => (PROTOCOL_ANALYTES as Record<string, string>)[analyte] ?? null;
