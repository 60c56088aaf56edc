"use client";

import { useId } from "react";
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartTable } from "@/components/chart-table";
import { timeAxis, timeXAxisProps } from "@/lib/chart-axis";
import { fromDay, toDay } from "@/lib/domain/dates";
import { formatDate } from "@/lib/format";

const rangeLabel = (low: number | null, high: number | null) =>
  low !== null && high !== null ? `${low}–${high}` : high !== null ? `up to ${high}` : low !== null ? `${low} and above` : null;

/**
 * One analyte over time on a time axis, with its reference range as a labelled band and the action
 * threshold as a labelled line. Named by its caption; the values are in a table below.
 */
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
  const captionId = useId();
  const max = Math.max(...points.map((p) => p.value), refHigh ?? 0, actionLine ?? 0);
  const top = Math.ceil((max * 1.15) / 10) * 10 || 10;
  const axis = timeAxis(points.map((p) => p.date));
  const data = points.map((p) => ({ day: toDay(p.date), value: p.value }));
  const range = rangeLabel(refLow, refHigh);
  const latest = points.at(-1);
  const u = unit ? ` ${unit}` : "";
  const outside = (v: number) => (refHigh !== null && v > refHigh) || (refLow !== null && v < refLow);
  return (
    <figure className="card" aria-labelledby={captionId}>
      <figcaption id={captionId} className="mb-1 text-sm">
        <span className="font-semibold">{title}</span> {unit ? <span className="text-slate-600">({unit})</span> : null}
        <span className="sr-only">
          : latest {latest ? `${latest.value}${u} on ${formatDate(latest.date)}` : "none"}
          {range ? `, reference range ${range}${u}` : ""}
          {actionLine ? `, action threshold ${actionLine}${u}` : ""}.
        </span>
      </figcaption>
      <div className="h-40" role="img" aria-label={`Chart of ${title} over time; the values are in the table below.`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 12, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis {...timeXAxisProps(axis, 10)} />
            <YAxis tick={{ fontSize: 10, fill: "#334155" }} domain={[0, top]} width={40} />
            <Tooltip labelFormatter={(day) => formatDate(fromDay(Number(day)))} formatter={(v) => [`${v}${u}`, title]} />
            {range ? (
              <ReferenceArea
                y1={refLow ?? 0}
                y2={refHigh ?? top}
                fill="#16a34a"
                fillOpacity={0.1}
                ifOverflow="extendDomain"
                label={{ value: `Reference ${range}`, position: "insideBottomRight", fontSize: 10, fill: "#166534" }}
              />
            ) : null}
            {actionLine ? (
              <ReferenceLine
                y={actionLine}
                stroke="#b91c1c"
                strokeDasharray="4 3"
                label={{ value: `Action ${actionLine}`, position: "insideTopLeft", fontSize: 10, fill: "#b91c1c" }}
              />
            ) : null}
            <Line type="linear" dataKey="value" name={title} stroke="#0f766e" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartTable
        caption={`${title} results`}
        columns={["Specimen date", `Value${u}`, "Reference"]}
        rows={[...points].reverse().map((p, i) => ({
          key: `${p.date}-${i}`,
          cells: [formatDate(p.date), String(p.value), outside(p.value) ? "Outside range" : range ? "In range" : "—"],
        }))}
      />
    </figure>
  );
}
