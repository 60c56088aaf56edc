import type { Prisma } from "@/lib/generated/prisma/client";
import { testDb } from "./helpers";

export interface PlanNode {
  "Node Type": string;
  "Sort Key"?: string[];
  "Group Key"?: string[];
  "Index Name"?: string;
  Plans?: PlanNode[];
}

/**
 * The statement's plan with sorting and sequential scans priced out: a page whose order no index gives still
 * shows a Sort node, whatever the size of the test database, which is what a clinic of 250,000 patients pays
 * for (every row sorted for the page's few).
 */
export async function plan(statement: Prisma.Sql): Promise<PlanNode> {
  return testDb().$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL enable_sort = off`;
    await tx.$executeRaw`SET LOCAL enable_incremental_sort = off`;
    await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
    const [row] = await tx.$queryRaw<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>`EXPLAIN (FORMAT JSON) ${statement}`;
    return row!["QUERY PLAN"][0].Plan;
  });
}

/** Every node of a plan, the root first. */
export function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}
