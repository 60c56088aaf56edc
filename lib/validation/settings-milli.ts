/**
 * Settings kept in thousandths (a field whose name ends in "Milli": the dosing class bounds, mg/kg/day × 1000)
 * are shown and entered as the decimal they stand for ("0.4" for 400), converted with integer arithmetic
 * only: no floating-point rounding ever changes a bound.
 */
export const isMilliField = (name: string): boolean => name.endsWith("Milli");

/** Thousandths as a decimal, without trailing zeros: 400 → "0.4", 1000 → "1", 1250 → "1.25". */
export function milliToDecimal(milli: number): string {
  const sign = milli < 0 ? "-" : "";
  const whole = Math.trunc(Math.abs(milli) / 1000);
  const fraction = String(Math.abs(milli) % 1000)
    .padStart(3, "0")
    .replace(/0+$/, "");
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** A decimal with at most three decimals as thousandths ("0.29" → 290); NaN for anything else. */
export function decimalToMilli(text: string): number {
  const m = /^(\d{1,6})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * 1000 + Number((m[2] ?? "").padEnd(3, "0"));
}
