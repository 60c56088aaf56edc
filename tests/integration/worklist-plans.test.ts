import { describe, expect, it } from "vitest";
import { worklistFilter, worklistPageSql, type PatientWorklistQuery } from "@/lib/data/worklist-pages";
import { makeUser, TODAY } from "./helpers";
import { nodes, plan } from "./query-plans";

const WALK_INDEX = {
  name: { asc: "patients_last_name_first_name_id_idx", desc: "patients_name_desc_id_idx" },
  mrn: { asc: "patients_mrn_key", desc: "patients_mrn_key" },
};

describe("the worklist by name or MRN walks an index to its page", () => {
  const orders = (["name", "mrn"] as const).flatMap((sort) => (["asc", "desc"] as const).map((dir) => [sort, dir] as const));

  it.each(orders)("by %s, %s, unfiltered and under every filter but a search", async (sort, dir) => {
    const derm = await makeUser("DERMATOLOGIST");
    const filters: Partial<PatientWorklistQuery>[] = [{}, { status: "OVERDUE" }, { kind: "PEAK_LABS", status: "DUE_SOON", clinicianId: derm.id }];
    for (const f of filters) {
      const q: PatientWorklistQuery = { sort, dir, page: 2, ...f };
      const statement = worklistPageSql(q, worklistFilter(TODAY, q, "STAFF"), q.page, 25);
      expect(statement.bounded).toBe(true);
      const all = nodes(await plan(statement.sql!));
      // Sorting priced out, the grouped query still groups every open item by patient (a hash aggregate over
      // the open items' index, into a CTE) before it picks a page, and may join those patients along the name
      // index without sorting them: so the plan must neither sort nor group by patient, and must read the
      // patients through the index of the order asked for.
      expect(all.filter((n) => n["Node Type"].endsWith("Sort")).map((n) => n["Sort Key"])).toEqual([]);
      expect(all.filter((n) => n["Group Key"]?.some((k) => k.includes("patient_id")))).toEqual([]);
      expect(all.filter((n) => n["Node Type"] === "CTE Scan")).toEqual([]);
      expect(all.map((n) => n["Index Name"])).toContain(WALK_INDEX[sort][dir]);
    }
  });

  it("keeps the grouped query for a search, and for a page beyond the walk's reach", async () => {
    const q: PatientWorklistQuery = { sort: "name", dir: "asc", page: 1, search: "smi" };
    expect(worklistPageSql(q, worklistFilter(TODAY, q, "STAFF"), 1, 25).bounded).toBe(false);
    const deep: PatientWorklistQuery = { sort: "mrn", dir: "asc", page: 2000 };
    expect(worklistPageSql(deep, worklistFilter(TODAY, deep, "STAFF"), deep.page, 25).bounded).toBe(false);
  });
});
