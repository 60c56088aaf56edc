import { format, parseISO } from "date-fns";

/** Display rounding happens here and only here: the engine keeps integers and exact quotients. */
export const formatMg = (mg: number) => `${Math.round(mg).toLocaleString("en-US")} mg`;
export const formatMgPerKg = (v: number) => `${(Math.round(v * 10) / 10).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} mg/kg`;
export const formatKg = (grams: number) => `${(grams / 1000).toLocaleString("en-US", { maximumFractionDigits: 1 })} kg`;
export const formatDate = (iso: string | null | undefined) => (iso ? format(parseISO(iso), "d MMM yyyy") : "—");
export const formatPercent = (v: number) => `${Math.round(v)}%`;

export const DOSE_CLASS_LABELS = { none: "no dose", micro: "micro-dose", low: "low dose", standard: "standard dose", high: "high dose" } as const;
