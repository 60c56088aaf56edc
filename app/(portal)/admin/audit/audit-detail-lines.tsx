import type { DetailLine } from "@/lib/data/audit-details";

/** Lines shown before the rest go behind a disclosure. */
const SHOWN = 3;

function Line({ line }: { line: DetailLine }) {
  return (
    <div>
      <dt className="inline font-medium text-slate-700">{line.label}:</dt>{" "}
      <dd className="inline">
        {line.value}
        {line.ids.map((id) => (
          <code key={id} className="mr-1 font-mono break-all text-slate-600">
            {id}
          </code>
        ))}
        {line.moreIds > 0 ? ` and ${line.moreIds} more (the CSV lists them all)` : null}
      </dd>
    </div>
  );
}

/**
 * A row's details as labelled lines (lib/data/audit-details.ts): the first few shown, the rest behind a
 * disclosure, readable with the keyboard and a screen reader, not only on hover.
 */
export function AuditDetailLines({ lines }: { lines: DetailLine[] }) {
  if (lines.length === 0) return null;
  const shown = lines.length <= SHOWN + 1 ? lines : lines.slice(0, SHOWN);
  const rest = lines.slice(shown.length);
  return (
    <>
      <dl className="space-y-0.5">
        {shown.map((l, i) => (
          <Line key={i} line={l} />
        ))}
      </dl>
      {rest.length > 0 ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-brand-700">{rest.length} more details</summary>
          <dl className="mt-1 space-y-0.5">
            {rest.map((l, i) => (
              <Line key={i} line={l} />
            ))}
          </dl>
        </details>
      ) : null}
    </>
  );
}
