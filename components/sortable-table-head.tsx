import Link from "@/components/link";
import { sortHref, type SortDirection, type SortState } from "@/lib/validation/sort";

export interface SortableColumn<K extends string> {
  label: string;
  /** The sort key of a sortable column, with the direction it sorts in first. */
  sort?: { key: K; first: SortDirection };
}

/**
 * Column headers whose sortable columns are links to the list sorted by them (the sort lives in the URL:
 * shareable, and it survives a reload). The current column says so with aria-sort; following its link
 * reverses the order.
 */
export function SortableTableHead<K extends string>({
  columns,
  current,
  basePath,
  params,
}: {
  columns: SortableColumn<K>[];
  current: SortState<K>;
  basePath: string;
  params: Record<string, string | undefined>;
}) {
  return (
    <thead className="bg-slate-50">
      <tr>
        {columns.map((c) => {
          const active = c.sort && c.sort.key === current.key;
          const next: SortDirection = active ? (current.dir === "asc" ? "desc" : "asc") : (c.sort?.first ?? "asc");
          return (
            <th key={c.label} scope="col" aria-sort={active ? (current.dir === "asc" ? "ascending" : "descending") : undefined}>
              {c.sort ? (
                <Link
                  href={sortHref(basePath, params, { key: c.sort.key, dir: next })}
                  className="inline-flex items-center gap-1 text-slate-700 hover:text-brand-700 hover:underline"
                  data-testid={`sort-${c.sort.key}`}
                >
                  {c.label}
                  <span aria-hidden="true" className={active ? "text-brand-700" : "text-slate-400"}>
                    {active ? (current.dir === "asc" ? "▲" : "▼") : "↕"}
                  </span>
                </Link>
              ) : (
                c.label
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
