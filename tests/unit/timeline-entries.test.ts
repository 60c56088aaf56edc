import { describe, expect, it } from "vitest";
import { isStruck, voidableKind } from "@/app/(portal)/patients/[patientId]/_components/timeline-entries";
import type { TimelineEntry } from "@/lib/data/treatment";

const START = "2026-10-01";
const dose = (id: string, date: string, over: Partial<Extract<TimelineEntry, { kind: "dose" }>> = {}): TimelineEntry => ({
  kind: "dose",
  id,
  date,
  text: "20 mg daily",
  by: "Dr A",
  reason: "Start",
  superseded: false,
  replacedSameDay: false,
  corrects: null,
  warnings: [],
  voided: null,
  ...over,
});
const VOID = { on: "2026-10-20", by: "Dr A", reason: "Typed in error" };

describe("which course entries offer 'Entered in error'", () => {
  it("not the starting regimen while it is the only version in force from the first day (it is corrected instead)", () => {
    const start = dose("a", START);
    const later = dose("b", "2026-10-15");
    expect(voidableKind(start, [later, start], START)).toBeNull();
    expect(voidableKind(later, [later, start], START)).toBe("DOSE");
  });

  it("the starting regimen when another version is in force from the first day, and not once that one is voided or replaced", () => {
    const [a, b] = [dose("a", START), dose("b", START)];
    expect(voidableKind(a, [a, b], START)).toBe("DOSE");
    expect(voidableKind(a, [a, dose("b", START, { voided: VOID })], START)).toBeNull();
    expect(voidableKind(a, [a, dose("b", START, { superseded: true })], START)).toBeNull();
  });

  it("never a voided entry, a superseded one or a correction; a pause, a missed day and a prescription otherwise", () => {
    expect(voidableKind(dose("a", "2026-10-10", { voided: VOID }), [], START)).toBeNull();
    expect(voidableKind(dose("a", "2026-10-10", { superseded: true }), [], START)).toBeNull();
    expect(voidableKind(dose("a", "2026-10-10", { corrects: "z" }), [], START)).toBeNull();
    expect(voidableKind({ kind: "pause", id: "p", date: START, text: "Paused", reason: "Dry lips", voided: null }, [], START)).toBe("PAUSE");
    expect(voidableKind({ kind: "missed", id: "m", date: START, text: "Missed", voided: null }, [], START)).toBe("MISSED");
  });
});

describe("which course entries are struck through", () => {
  it("voided, superseded and replaced the same day; a current version is not", () => {
    expect(isStruck(dose("a", START, { voided: VOID }))).toBe(true);
    expect(isStruck(dose("a", START, { superseded: true }))).toBe(true);
    expect(isStruck(dose("a", START, { replacedSameDay: true }))).toBe(true);
    expect(isStruck(dose("a", START))).toBe(false);
  });
});
