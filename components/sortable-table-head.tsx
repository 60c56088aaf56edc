import Link from "@/components/link";
import { sortHref, type SortDirection, type SortState } from "@/lib/validation/sort";

export interface SortableColumn<K extends string> {
  label: string;
  /** The sort key of a sortable column, with the direction it sorts in first. */
  sort?: { key: K; first: SortDirection };
  /** The header cell's own classes (a column shown only on wider screens). */
  className?: string;
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
            <th key={c.label} scope="col" className={c.className} aria-sort={active ? (current.dir === "asc" ? "ascending" : "descending") : undefined}>
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

/**
 * The same orders as links in a line, for a narrow screen whose table leaves some sortable columns off (their
 * header cells hidden with them): "Sort by Name ▲ · Email · Role · Status". The current order is marked
 * aria-current and its direction said; following it reverses the order, as its header's link does.
 */
export function SortLinks<K extends string>({
  columns,
  current,
  basePath,
  params,
  className = "",
}: {
  columns: SortableColumn<K>[];
  current: SortState<K>;
  basePath: string;
  params: Record<string, string | undefined>;
  className?: string;
}) {
  const sortable = columns.filter((c): c is SortableColumn<K> & { sort: NonNullable<SortableColumn<K>["sort"]> } => c.sort !== undefined);
  return (
    <nav aria-label="Sort by" className={`flex flex-wrap items-center gap-x-3 gap-y-1 text-sm ${className}`.trim()}>
      <span className="text-slate-600">Sort by</span>
      {sortable.map((c) => {
        const active = c.sort.key === current.key;
        const next: SortDirection = active ? (current.dir === "asc" ? "desc" : "asc") : c.sort.first;
        return (
          <Link
            key={c.sort.key}
            href={sortHref(basePath, params, { key: c.sort.key, dir: next })}
            aria-current={active ? "true" : undefined}
            className={active ? "font-semibold text-brand-700 underline" : "text-slate-700 underline"}
            data-testid={`sort-by-${c.sort.key}`}
          >
            {c.label}
            {active ? <span className="sr-only">{current.dir === "asc" ? " (ascending)" : " (descending)"}</span> : null}
            {active ? <span aria-hidden="true">{current.dir === "asc" ? " ▲" : " ▼"}</span> : null}
          </Link>
        );
      })}
    </nav>
  );
}
