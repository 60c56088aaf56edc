import { LazyDetails } from "./lazy-details";
import { TableHead } from "./table-head";

/**
 * The figures behind a chart as a table, one click away: the chart's text alternative for screen readers,
 * and for anyone who wants the exact numbers. Rendered when first opened: a patient page has several.
 * Its box scrolls, so it takes the keyboard focus (arrow keys scroll it) and is a region named by the
 * caption (WCAG 2.1.1; axe scrollable-region-focusable).
 */
export function ChartTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: { key: string; cells: string[] }[] }) {
  return (
    <LazyDetails className="mt-2 text-sm" summaryClassName="cursor-pointer font-medium text-brand-700" summary="Show the figures as a table">
      <div className="mt-2 max-h-64 overflow-auto" tabIndex={0} role="region" aria-label={caption}>
        <table className="table">
          <caption className="sr-only">{caption}</caption>
          <TableHead columns={columns} />
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.key}>
                {r.cells.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </LazyDetails>
  );
}
