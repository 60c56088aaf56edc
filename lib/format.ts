import type { IsoDate } from "@/lib/domain/dates";

// One formatter each, built once: Number#toLocaleString with options builds a new Intl.NumberFormat on
// every call, which dominated the dashboard's rendering time.
const wholeNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const upToOneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** Display rounding happens here and only here: the engine keeps integers and exact quotients. */
export const formatMg = (mg: number) => `${wholeNumber.format(Math.round(mg))} mg`;
export const formatMgPerKg = (v: number) => `${oneDecimal.format(Math.round(v * 10) / 10)} mg/kg`;
export const formatKg = (grams: number) => `${upToOneDecimal.format(grams / 1000)} kg`;
export const formatPercent = (v: number) => `${Math.round(v)}%`;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A calendar date as "18 Dec 2026", and a dash for none: the one display format of a date, on every page
 * and in the rules' reason texts. Pure: it reads the "YYYY-MM-DD" digits, never a clock or a time zone.
 */
export function formatDate(iso: IsoDate | null | undefined): string {
  if (!iso) return "—";
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${String(y).padStart(4, "0")}`;
}
