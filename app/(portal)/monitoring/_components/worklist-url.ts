import type { WorklistParams } from "@/lib/validation/worklist";
import { listHref } from "@/lib/validation/sort";

/**
 * The worklist's address with these parameters: filters, the saved search's id (never the term), sort and
 * page all live in the URL.
 */
export function worklistHref(params: WorklistParams, change: Partial<WorklistParams> = {}, base = "/monitoring"): string {
  const { page, ...rest } = { ...params, ...change };
  return listHref(base, { ...rest, page: page === undefined || page === 1 ? undefined : String(page) });
}
