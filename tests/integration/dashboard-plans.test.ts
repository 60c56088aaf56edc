import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { COURSE_SORTS, coursePageSql, type CourseSort } from "@/lib/data/course-summary-page";
import { ALERT_LISTS, alertListSql } from "@/lib/data/labs";
import { testDb } from "./helpers";

interface PlanNode {
  "Node Type": string;
  "Sort Key"?: string[];
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/**
 * The statement's plan with sorting priced out: a page whose order no index gives still shows a Sort node,
 * whatever the size of the test database, which is what a clinic of 250,000 patients pays for (every row
 * sorted for the page's few).
 */
async function plan(statement: Prisma.Sql): Promise<PlanNode> {
  return testDb().$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL enable_sort = off`;
    await tx.$executeRaw`SET LOCAL enable_incremental_sort = off`;
    await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
    const [row] = await tx.$queryRaw<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>`EXPLAIN (FORMAT JSON) ${statement}`;
    return row!["QUERY PLAN"][0].Plan;
  });
}

function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}

/** The sort keys of every Sort node that orders rows of `alias` (e.g. "r." for the results listed). */
const sortsOf = (root: PlanNode, alias: string) =>
  nodes(root)
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
