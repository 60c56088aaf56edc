"use client";

import { useId } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartTable } from "@/components/chart-table";
import { timeAxis, timeXAxisProps } from "@/lib/chart-axis";
import { fromDay, toDay } from "@/lib/domain/dates";
import { formatDate } from "@/lib/format";

const ACTUAL = "#0f766e";
const PROJECTED = "#6d28d9";
const TARGET = "#b91c1c";

/**
 * Cumulative mg/kg by week on a time axis, the target line, and the straight-line projection to the
 * projected date in another colour and dashed. Named by its caption, which ends with `note` (the lifetime
 * total past the target); the figures are in a table below.
 */
export function DoseChart({
  series,
  target,
  projection,
  note,
}: {
  series: { date: string; mgPerKg: number }[];
  target: number;
  projection: { date: string; mgPerKg: number }[];
  note?: string;
}) {
  const captionId = useId();
  const last = series.at(-1);
  const actual = series.map((p) => ({ day: toDay(p.date), mgPerKg: Number(p.mgPerKg.toFixed(1)) }));
  // The projection starts where the actual line ends, so the two meet.
  const projected =
    last && projection.length ? [actual.at(-1)!, ...projection.map((p) => ({ day: toDay(p.date), mgPerKg: Number(p.mgPerKg.toFixed(1)) }))] : [];
  const axis = timeAxis([...series, ...projection].map((p) => p.date));
  const top = Math.ceil((Math.max(target, ...series.map((p) => p.mgPerKg)) * 1.1) / 10) * 10;
  const caption = `Cumulative dose: ${last ? last.mgPerKg.toFixed(1) : "0.0"} of ${target} mg/kg on ${formatDate(last?.date)}${
    projection.length ? `; at the current regimen the target is reached on ${formatDate(projection.at(-1)!.date)}` : ""
  }.${note ? ` ${note}` : ""}`;
  return (
    <figure aria-labelledby={captionId} data-testid="dose-chart">
      <figcaption id={captionId} className="mb-1 text-sm text-slate-700">
        {caption}
      </figcaption>
      <div
        className="h-64 w-full"
        role="img"
        aria-label="Chart of cumulative mg/kg over time, with the target and the projection; the figures are in the table below."
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 16, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis {...timeXAxisProps(axis, 11)} />
            <YAxis
              tick={{ fontSize: 11, fill: "#334155" }}
              domain={[0, top]}
              allowDecimals={false}
              width={48}
              label={{ value: "mg/kg", angle: -90, position: "insideLeft", fontSize: 11, fill: "#334155" }}
            />
            <Tooltip labelFormatter={(day) => formatDate(fromDay(Number(day)))} formatter={(v) => `${Number(v).toFixed(1)} mg/kg`} />
            <Legend />
            <ReferenceLine
              y={target}
              stroke={TARGET}
              strokeDasharray="6 3"
              label={{ value: `Target ${target} mg/kg`, position: "insideTopLeft", fontSize: 11, fill: TARGET }}
            />
            <Line data={actual} dataKey="mgPerKg" name="Cumulative mg/kg" stroke={ACTUAL} strokeWidth={2} dot={false} isAnimationActive={false} />
            {projected.length ? (
              <Line
                data={projected}
                dataKey="mgPerKg"
                name="Projected at the current regimen"
                stroke={PROJECTED}
                strokeWidth={2}
                strokeDasharray="6 4"
                dot={false}
                isAnimationActive={false}
              />
            ) : null}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartTable
        caption={projection.length ? "Cumulative mg/kg by week, then projected" : "Cumulative mg/kg by week"}
        columns={["Date", "Cumulative mg/kg", ""]}
        rows={[
          ...series.map((p) => ({ key: `a-${p.date}`, cells: [formatDate(p.date), p.mgPerKg.toFixed(1), "Recorded"] })),
          ...projection.map((p) => ({ key: `p-${p.date}`, cells: [formatDate(p.date), p.mgPerKg.toFixed(1), "Projected"] })),
        ]}
      />
    </figure>
  );
}
