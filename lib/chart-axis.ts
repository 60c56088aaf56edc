import { addMonths, fromDay, toDay, type DayNumber, type IsoDate } from "@/lib/domain/dates";
import { formatDayMonth, formatMonthYear } from "@/lib/format";

export interface TimeAxis {
  /** The axis runs over day numbers (days since 1970-01-01), so dates are spaced by the time between them. */
  domain: [DayNumber, DayNumber];
  ticks: DayNumber[];
  /** The tick's label: "23 Nov" for weekly ticks, "Nov 2026" for monthly and coarser ones. */
  label: (day: DayNumber) => string;
}

/** Monthly ticks every `step` months from the first tick at or after `from`, aligned to January. */
function monthTicks(from: IsoDate, to: IsoDate, step: number): DayNumber[] {
  const [y, m] = from.split("-").map(Number) as [number, number];
  const alignedMonth = Math.ceil((m - 1) / step) * step; // 0-based month of the first tick
  let tick = addMonths(`${y}-01-01`, alignedMonth);
  if (tick < from) tick = addMonths(tick, step);
  const ticks: DayNumber[] = [];
  for (; tick <= to; tick = addMonths(tick, step)) ticks.push(toDay(tick));
  return ticks;
}

/**
 * A time axis from the first to the last date: weekly ticks over up to 8 weeks, monthly up to 14 months,
 * quarterly up to 4 years, yearly beyond. A single date gets a week either side.
 */
export function timeAxis(dates: IsoDate[]): TimeAxis {
  const days = dates.map(toDay);
  let [min, max] = [Math.min(...days), Math.max(...days)];
  if (!Number.isFinite(min)) [min, max] = [0, 0];
  if (min === max) [min, max] = [min - 7, max + 7];
  const [from, to] = [fromDay(min), fromDay(max)];
  const span = max - min;
  if (span <= 56) {
    const ticks: DayNumber[] = [];
    for (let d = min; d <= max; d += 7) ticks.push(d);
    return { domain: [min, max], ticks, label: (d) => formatDayMonth(fromDay(d)) };
  }
  const step = span <= 425 ? 1 : span <= 1461 ? 3 : 12;
  return { domain: [min, max], ticks: monthTicks(from, to, step), label: (d) => formatMonthYear(fromDay(d)) };
}

/** The props of a recharts XAxis over `axis`: numeric days, the axis's ticks and labels, readable tick text. */
export function timeXAxisProps(axis: TimeAxis, fontSize: number) {
  return {
    type: "number" as const,
    dataKey: "day",
    domain: axis.domain,
    ticks: axis.ticks,
    tickFormatter: axis.label,
    tick: { fontSize, fill: "#334155" },
    interval: "preserveStartEnd" as const,
    minTickGap: fontSize + 4,
    allowDuplicatedCategory: false,
  };
}
