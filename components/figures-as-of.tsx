import { formatDate } from "@/lib/format";

/**
 * Said when the stored figures are behind the clinic's today: the daily refresh runs in the background
 * (at the clinic's midnight) and pages never run it, so until it completes they show the last day it did.
 */
export function FiguresAsOf({ today, asOf, refreshing }: { today: string; asOf: string | null; refreshing: boolean }) {
  if (asOf !== null && asOf >= today) return null;
  const progress = refreshing ? "today's refresh is running" : "today's refresh is queued";
  return (
    <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="figures-as-of">
      {asOf === null ? "Figures not computed yet" : `Figures as of ${formatDate(asOf)}`}: {progress}. Cumulative doses and new monitoring items catch up when it
      completes.
    </p>
  );
}
