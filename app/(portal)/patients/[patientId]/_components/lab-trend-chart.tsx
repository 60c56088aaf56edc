"use client";

import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One analyte over time, with its reference range as a shaded band and the action threshold as a line. */
export function LabTrendChart({
  title,
  unit,
  points,
  refLow,
  refHigh,
  actionLine,
}: {
  title: string;
  unit: string | null;
  points: { date: string; value: number }[];
  refLow: number | null;
  refHigh: number | null;
  actionLine?: number;
}) {
  const max = Math.max(...points.map((p) => p.value), refHigh ?? 0, actionLine ?? 0);
  const top = Math.ceil((max * 1.15) / 10) * 10 || 10;
  return (
    <figure className="card" aria-label={`${title} trend`}>
      <figcaption className="mb-1 text-sm font-semibold">
        {title} {unit ? <span className="font-normal text-slate-500">({unit})</span> : null}
      </figcaption>
      <div className="h-40">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="date" tick={{ fontSize: 10 }} minTickGap={16} />
            <YAxis tick={{ fontSize: 10 }} domain={[0, top]} width={40} />
            <Tooltip />
            <ReferenceArea y1={refLow ?? 0} y2={refHigh ?? top} fill="#16a34a" fillOpacity={0.08} ifOverflow="extendDomain" />
            {actionLine ? <ReferenceLine y={actionLine} stroke="#b91c1c" strokeDasharray="4 3" /> : null}
            <Line type="monotone" dataKey="value" name={title} stroke="#0f766e" strokeWidth={2} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
