import { describe, expect, it } from "vitest";
import { DEFAULT_PROTOCOL, labItems } from "./protocol";
import { course } from "./examples";

/**
 * Peak-dose and periodic labs are due "while on therapy" (docs/DOMAIN.md "Monitoring protocol"): an
 * occurrence whose due date falls after the course's recorded last day is not listed, as the monthly
 * pregnancy tests stop at the last dose (lib/domain/pregnancy/course-items.ts monthlyItems).
 */

describe("lab items due after the course's last day", () => {
  it("a course whose last day (20 Apr) comes before the peak-dose labs (27 Apr) lists no peak-dose labs item", () => {
    const items = labItems({ courses: [course({ endDate: "2026-04-20" })], labs: [], waivers: [] }, "2026-04-20", () => DEFAULT_PROTOCOL);
    expect(items.filter((i) => i.kind === "PEAK_LABS").map((i) => [i.dueDate, i.status])).toEqual([]);
  });

  it("a course whose last day (24 Jul) comes before the periodic labs (27 Jul) lists no periodic labs item", () => {
    const labs = [
      { analyte: "ALT", specimenDate: "2026-04-27" },
      { analyte: "TG", specimenDate: "2026-04-27" },
    ];
    const items = labItems({ courses: [course({ endDate: "2026-07-24" })], labs, waivers: [] }, "2026-07-22", () => DEFAULT_PROTOCOL);
    expect(items.filter((i) => i.kind === "PERIODIC_LABS").map((i) => [i.dueDate, i.status])).toEqual([]);
  });
});
