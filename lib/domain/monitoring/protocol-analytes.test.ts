import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOGUE } from "./catalogue";
import { course, labs } from "./examples";
import { DEFAULT_PROTOCOL, labItems } from "./protocol";
import { PROTOCOL_ANALYTES } from "./protocol-analytes";

/** The lab items not completed on 1 Aug 2026 for a course from 2 Mar 2026 whose every set lacks `missing`. */
function openWithout(missing: string | null): string[] {
  const every = [...new Set(DEFAULT_CATALOGUE.map((t) => t.analyte))].filter((a) => a !== "HCG" && a !== missing);
  const sets = [...labs("2026-02-20", ...every), ...labs("2026-04-28", ...every), ...labs("2026-07-28", ...every)];
  const items = labItems({ courses: [course()], labs: sets, waivers: [] }, "2026-08-01", () => DEFAULT_PROTOCOL);
  return items.filter((i) => i.completedOn === null && i.dueDate <= "2026-08-01").map((i) => i.kind);
}

describe("the analytes the monitoring protocol reads", () => {
  it("are those whose results alone complete its items: without one, an item stays open", () => {
    expect(openWithout(null)).toEqual([]);
    expect(openWithout("ALT")).toEqual(["BASELINE_LIVER", "PEAK_LABS"]);
    expect(openWithout("AST")).toEqual(["BASELINE_LIVER"]);
    expect(openWithout("TG")).toEqual(["BASELINE_LIPIDS", "PEAK_LABS"]);
    expect(openWithout("CHOL")).toEqual(["BASELINE_LIPIDS"]);
    const read = [...new Set(DEFAULT_CATALOGUE.map((t) => t.analyte))].filter((a) => a !== "HCG" && openWithout(a).length > 0);
    expect(Object.keys(PROTOCOL_ANALYTES).sort()).toEqual(read.sort());
  });
});
