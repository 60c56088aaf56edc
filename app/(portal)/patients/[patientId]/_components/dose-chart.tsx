"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Cumulative mg/kg by week, the target line, and the straight-line projection to the projected date. */
export function DoseChart({
  series,
  target,
  projection,
}: {
  series: { date: string; mgPerKg: number }[];
  target: number;
  projection: { date: string; mgPerKg: number }[];
}) {
  const data = [
    ...series.map((p) => ({ date: p.date, actual: Number(p.mgPerKg.toFixed(1)) as number | undefined, projected: undefined as number | undefined })),
    ...projection.map((p) => ({ date: p.date, actual: undefined, projected: Number(p.mgPerKg.toFixed(1)) })),
  ];
  const last = series.at(-1);
  const top = Math.ceil((Math.max(target, ...series.map((p) => p.mgPerKg)) * 1.1) / 10) * 10;
  if (last && projection.length) data[series.length - 1]!.projected = Number(last.mgPerKg.toFixed(1));
  return (
    <figure className="h-64 w-full" aria-label={`Cumulative dose chart: ${last ? last.mgPerKg.toFixed(1) : 0} of ${target} mg/kg`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="date" tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis
            tick={{ fontSize: 11 }}
            domain={[0, top]}
            allowDecimals={false}
            width={48}
            label={{ value: "mg/kg", angle: -90, position: "insideLeft", fontSize: 11 }}
          />
          <Tooltip />
          <Legend />
          <ReferenceLine
            y={target}
            stroke="#b91c1c"
            strokeDasharray="6 3"
            label={{ value: `Target ${target} mg/kg`, position: "insideTopLeft", fontSize: 11, fill: "#b91c1c" }}
          />
          <Line type="monotone" dataKey="actual" name="Cumulative mg/kg" stroke="#0f766e" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          <Line
            type="monotone"
            dataKey="projected"
            name="Projected"
            stroke="#0f766e"
            strokeDasharray="4 4"
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
