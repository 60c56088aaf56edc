import { describe, expect, it } from "vitest";
import { CLOSED_ITEMS_RECENT_DAYS, splitClosedItems } from "./closed-items";

/** The clinic's day of a waiver's instant, as the page reads it (here: the instant's UTC day). */
const dayOf = (instant: string) => instant.slice(0, 10);
const TODAY = "2027-03-31";
const completed = (key: string, completedOn: string) => ({ key, status: "COMPLETED" as const, completedOn, waiver: null });
const waived = (key: string, waivedAt: string) => ({ key, status: "WAIVED" as const, completedOn: null, waiver: { waivedAt } });

describe("a patient's completed and waived items", () => {
  it("are recent for 30 days after they closed (completed: the day done; waived: the waiver's day), older after", () => {
    expect(CLOSED_ITEMS_RECENT_DAYS).toBe(30);
    const items = [
      completed("repeat-yesterday", "2027-03-30"),
      completed("repeat-30-days", "2027-03-01"),
      completed("repeat-31-days", "2027-02-28"),
      completed("repeat-last-year", "2026-02-10"),
      waived("waived-today", "2027-03-31T14:00:00.000Z"),
      // Due long ago, waived this month: recent by its waiver.
      { ...waived("waived-recently", "2027-03-15T09:00:00.000Z"), completedOn: "2026-01-01" },
      waived("waived-in-january", "2027-01-20T09:00:00.000Z"),
    ];
    const { recent, older } = splitClosedItems(items, TODAY, dayOf);
    expect(recent.map((i) => i.key)).toEqual(["repeat-yesterday", "repeat-30-days", "waived-today", "waived-recently"]);
    expect(older.map((i) => i.key)).toEqual(["repeat-31-days", "repeat-last-year", "waived-in-january"]);
  });

  it("keep an item with no day of its own among the recent ones", () => {
    expect(splitClosedItems([{ key: "x", status: "COMPLETED" as const, completedOn: null, waiver: null }], TODAY, dayOf).recent).toHaveLength(1);
  });
});
