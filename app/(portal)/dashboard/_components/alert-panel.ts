// In a module of its own: the dashboard's panels, its count tiles and the page of a whole list all read it.
import type { AlertListName } from "@/lib/data/labs";
import { listHref } from "@/lib/validation/sort";

/** Each list of results awaiting review: its title, what it says when empty, its test id, and what one row is called. */
export const ALERT_PANELS: Record<AlertListName, { title: string; empty: string; testId: string; item: string }> = {
  critical: { title: "Critical alerts", empty: "No critical result awaiting review.", testId: "critical-alerts", item: "critical alert" },
  abnormal: {
    title: "Abnormal results awaiting review",
    empty: "Every abnormal result has been reviewed.",
    testId: "abnormal-results",
    item: "abnormal result",
  },
};

/** The page that lists a whole list, a page at a time (`/dashboard/alerts?list=abnormal&page=2`). */
export const alertsHref = (list: AlertListName, page = 1) =>
  listHref("/dashboard/alerts", { list: list === "critical" ? undefined : list, page: page > 1 ? String(page) : undefined });
