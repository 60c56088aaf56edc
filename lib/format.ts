import { format, parseISO } from "date-fns";

// One formatter each, built once: Number#toLocaleString with options builds a new Intl.NumberFormat on
// every call, which dominated the dashboard's rendering time.
const wholeNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const upToOneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** Display rounding happens here and only here: the engine keeps integers and exact quotients. */
export const formatMg = (mg: number) => `${wholeNumber.format(Math.round(mg))} mg`;
export const formatMgPerKg = (v: number) => `${oneDecimal.format(Math.round(v * 10) / 10)} mg/kg`;
export const formatKg = (grams: number) => `${upToOneDecimal.format(grams / 1000)} kg`;
export const formatDate = (iso: string | null | undefined) => (iso ? format(parseISO(iso), "d MMM yyyy") : "—");
export const formatPercent = (v: number) => `${Math.round(v)}%`;
