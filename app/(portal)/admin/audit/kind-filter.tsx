import Link from "@/components/link";
import type { AuditKind } from "@/lib/data/audit-kinds";
import { listHref } from "@/lib/validation/sort";

/**
 * A patient's access report by kind: every row (the default), or one kind, each with its count under the other
 * filters. A link each, so the choice is in the address and the back button.
 */
export function KindFilter({
  kinds,
  current,
  params,
}: {
  kinds: { key: AuditKind; label: string; count: number }[];
  current: AuditKind | undefined;
  params: Record<string, string | undefined>;
}) {
  const all = kinds.reduce((n, k) => n + k.count, 0);
  const choices = [{ key: undefined, label: "All", count: all }, ...kinds];
  return (
    <nav aria-label="Kinds of event" className="flex flex-wrap gap-2" data-testid="audit-kinds">
      {choices.map((k) => (
        <Link
          key={k.key ?? "all"}
          href={listHref("/admin/audit", { ...params, kind: k.key, page: undefined })}
          aria-current={k.key === current ? "page" : undefined}
          // The current kind is drawn at once, not faded in from the other style (a colour mid-transition fails contrast).
          className={k.key === current ? "btn-primary text-xs transition-none" : "btn-secondary text-xs"}
        >
          {k.label} ({k.count})
        </Link>
      ))}
    </nav>
  );
}
