import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { COURSE_SORTS, coursePageSql, type CourseSort } from "@/lib/data/course-summary-page";
import { ALERT_LISTS, alertListSql } from "@/lib/data/labs";
import { nodes, plan, type PlanNode } from "./query-plans";

/**
 * The sort keys of every Sort node that chooses a page's rows of `alias` (e.g. "r." for the results listed): those
 * under a Limit. (Newer PostgreSQL versions sort an ordered aggregate's input in a node of its own: the ten rows the
 * page chose, put in order for json_agg, which is not what a large clinic pays for.)
 */
const sortsOf = (root: PlanNode, alias: string) =>
  nodes(root)
    .filter((n) => n["Node Type"] === "Limit")
    .flatMap(nodes)
    .filter((n) => n["Node Type"].endsWith("Sort"))
    .flatMap((n) => n["Sort Key"] ?? [])
    .filter((k) => k.includes(alias));

describe("the dashboard's lists are read in an index's order", () => {
  it.each(ALERT_LISTS)("the %s results awaiting review, most urgent flag then oldest first", async (list) => {
    const root = await plan(Prisma.sql`SELECT ${alertListSql(list, { limit: 10, offset: 0 })}`);
    // The page's rows come from the unreviewed results' index in the list's order, never from a sort of the backlog.
    expect(sortsOf(root, "r.")).toEqual([]);
    expect(nodes(root).map((n) => n["Index Name"])).toContain("lab_results_unreviewed_idx");
  });

  const figureSorts = (Object.keys(COURSE_SORTS) as CourseSort[]).filter((k) => k !== "patient");
  it.each(figureSorts.flatMap((key) => (["asc", "desc"] as const).map((dir) => [key, dir] as const)))("the courses in progress by %s, %s", async (key, dir) => {
    const root = await plan(coursePageSql({ key, dir }, { limit: 25, offset: 0 }));
    expect(sortsOf(root, "s.")).toEqual([]);
  });
});
