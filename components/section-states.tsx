/**
 * Placeholders while a section streams in, inside a page that has already checked its caller: the shape of
 * a card, announced to assistive technology. (No route loading.tsx: streaming before the check would
 * send 200 where a refusal must send 403.)
 */
export function SectionSkeleton({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <div className="card animate-pulse space-y-3" role="status" aria-label={`Loading ${label}`}>
      <div className="h-5 w-48 rounded bg-slate-200" />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-4 rounded bg-slate-100" />
      ))}
    </div>
  );
}

/**
 * A fixed-height panel's placeholder: the panel's own title and height (`className`), so the panel that
 * replaces it moves nothing on the page.
 */
export function PanelSkeleton({ title, className }: { title: string; className: string }) {
  return (
    <div className={`card ${className}`} role="status" aria-label={`Loading ${title.toLowerCase()}`}>
      <p className="text-lg font-semibold text-slate-400">{title}</p>
      <div className="mt-3 animate-pulse space-y-3">
        {Array.from({ length: 3 }, (_, i) => (
          <div key={i} className="h-4 rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
