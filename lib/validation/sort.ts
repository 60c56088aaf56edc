import { z } from "zod";

/** The two directions every sortable list offers. */
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
export interface SortState<K extends string> {
  key: K;
  dir: SortDirection;
}

/**
 * A list's sort from the query string (`?sort=<key>&dir=asc|desc`). `columns` names each sortable
 * column with the direction it sorts in first (names A to Z, progress highest first...). An unknown key
 * falls back to `fallback`, and a missing or unknown direction to the column's own: never an error page.
 */
export function parseSort<K extends string>(
  params: Record<string, string | string[] | undefined>,
  columns: Record<K, SortDirection>,
  fallback: K,
): SortState<K> {
  const keys = Object.keys(columns) as [K, ...K[]];
  const key = z.enum(keys).catch(fallback).parse(params.sort);
  const dir = z.enum(SORT_DIRECTIONS).catch(columns[key]).parse(params.dir);
  return { key, dir };
}

/** A list's page number from the query string (`?page=`): 1 for anything unreadable, never an error page. */
export function listPage(params: Record<string, string | string[] | undefined>): number {
  return z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .catch(1)
    .parse(Array.isArray(params.page) ? params.page[0] : params.page);
}

/** A list page's address with these parameters, in their order; empty ones are left out. */
export function listHref(basePath: string, params: Record<string, string | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) sp.set(k, v);
  const qs = sp.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}

/** The query string of a list page: its filters, the sort, and page 1 (a new order starts from the top). */
export function sortHref<K extends string>(basePath: string, params: Record<string, string | undefined>, sort: SortState<K>): string {
  return listHref(basePath, { ...params, page: undefined, sort: sort.key, dir: sort.dir });
}
