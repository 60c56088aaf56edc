import Link from "@/components/link";
import { SORT_DIRECTION_LABELS, WORKLIST_COLUMN_LABELS } from "@/lib/labels";
import type { WorklistColumn, WorklistParams } from "@/lib/validation/worklist";
import { worklistHref } from "./worklist-url";

/** A column heading that sorts by its column; choosing the current one again reverses the order. */
export function SortHeader({ column, params, className = "" }: { column: WorklistColumn; params: WorklistParams; className?: string }) {
  const active = params.sort === column;
  const dir = active && params.dir === "asc" ? "desc" : "asc";
  return (
    <div className={className}>
      <Link
        href={worklistHref(params, { sort: column, dir, page: 1 })}
        className={`hover:underline ${active ? "text-brand-700" : ""}`}
        title={`Sort by ${WORKLIST_COLUMN_LABELS[column].toLowerCase()}, ${SORT_DIRECTION_LABELS[dir]}`}
      >
        {WORKLIST_COLUMN_LABELS[column]}
        {active ? <span aria-hidden="true">{params.dir === "asc" ? " ▲" : " ▼"}</span> : null}
        {active ? <span className="sr-only"> (sorted {SORT_DIRECTION_LABELS[params.dir]})</span> : null}
      </Link>
    </div>
  );
}
