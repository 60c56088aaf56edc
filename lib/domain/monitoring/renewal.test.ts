import { describe, expect, it } from "vitest";
import { DEFAULT_PROTOCOL, protocolResolver } from "./protocol";
import { renewalItems } from "./renewal";

describe("prescription renewal item under protocol versions", () => {
  // From 1 Feb 2026, due soon 14 days before (7 before then).
  const protocolOn = protocolResolver([{ effectiveFrom: "2026-02-01", protocol: { ...DEFAULT_PROTOCOL, dueSoonDays: 14 } }]);
  const course = (suppliedThrough: string) => ({ id: "c1", startDate: "2026-01-05", endDate: null, pauses: [], suppliedThrough });

  it.each([
    // Due 4 Feb, after the version's day: due soon from 21 Jan, so on 22 Jan.
    ["2026-02-03", "2026-02-04", 14, "DUE_SOON"],
    // Due 31 Jan, before it: due soon from 24 Jan only.
    ["2026-01-30", "2026-01-31", 7, "NOT_DUE"],
  ])("supplied through %s: due %s, due soon %i days before, %s on 22 Jan", (through, due, dueSoonDays, status) => {
    expect(renewalItems([course(through)], "2026-01-22", [], protocolOn).map((i) => [i.dueDate, i.dueSoonDays, i.status])).toEqual([
      [due, dueSoonDays, status],
    ]);
  });
});
