import type { WorklistParams } from "@/lib/validation/worklist";

/** The worklist's address with these parameters: filters, search, sort and page all live in the URL. */
export function worklistHref(params: WorklistParams, change: Partial<WorklistParams> = {}, base = "/monitoring"): string {
  const merged = { ...params, ...change };
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "" && !(k === "page" && v === 1)) sp.set(k, String(v));
  const qs = sp.toString();
  return qs ? `${base}?${qs}` : base;
}
