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

/** The query string of a list page: its filters, the sort, and page 1 (a new order starts from the top). */
export function sortHref<K extends string>(basePath: string, params: Record<string, string | undefined>, sort: SortState<K>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) sp.set(k, v);
  sp.set("sort", sort.key);
  sp.set("dir", sort.dir);
  return `${basePath}?${sp.toString()}`;
}
