import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOGUE } from "@/lib/domain/monitoring/catalogue";
import { DEFAULT_THRESHOLDS, type LabThresholds } from "@/lib/domain/monitoring/flags";
import type { Observation } from "@/lib/hl7/oru";
import { criticalValue, criticalValueText, queueCritical } from "./hl7-queue-critical";
import type { CatalogueTest } from "./hl7-observation";

/** Decimal columns as the catalogue reads them: anything with toString. */
const dec = (n: number | null) => (n === null ? null : { toString: () => String(n) });
const catalogueTest = (over: Partial<Record<keyof CatalogueTest, unknown>> & { code: string }) => {
  const entry = DEFAULT_CATALOGUE.find((e) => e.code === over.code);
  return {
    id: `test-${over.code}`,
    codeSystem: "http://loinc.org",
    name: entry?.name ?? over.code,
    analyte: entry?.analyte ?? over.code,
    kind: entry?.kind ?? "QUANTITATIVE",
    unit: entry?.unit ?? null,
    refLow: dec(entry?.refLow ?? null),
    refHigh: dec(entry?.refHigh ?? null),
    active: true,
    sortOrder: entry?.sortOrder ?? 100,
    actionHigh: null,
    criticalHigh: null,
    ...over,
  } as unknown as CatalogueTest;
};
const CATALOGUE = [
  ...DEFAULT_CATALOGUE.map((e) => catalogueTest({ code: e.code })),
  catalogueTest({ code: "9999-9", name: "Lipase", unit: "U/L", criticalHigh: dec(300) }),
];

const obs = (code: string, value: string, unit: string | null, over: Partial<Observation> = {}): Observation => ({
  setId: "1",
  valueType: "NM",
  code,
  codeSystem: "LN",
  codeText: "",
  value,
  valueText: "",
  unit,
  range: null,
  abnormalFlag: null,
  status: "F",
  specimenDate: "2026-11-22",
  ...over,
});
const TG = (value: string, unit: string | null = "mg/dL", over: Partial<Observation> = {}) => obs("2571-8", value, unit, over);
const ALT = (value: string, unit: string | null = "U/L", over: Partial<Observation> = {}) => obs("1742-6", value, unit, { range: "7-40", ...over });
const judged = (o: Observation, t: LabThresholds = DEFAULT_THRESHOLDS) => criticalValue(o, CATALOGUE, t);

describe("a waiting value at a critical level", () => {
  it.each([
    ["ALT at 10x the lab's upper limit", ALT("400"), "400 U/L · above the lab range 7–40 · above the critical level 200 (5× ULN)"],
    ["ALT just above 5x", ALT("200.001"), "200.001 U/L · above the lab range 7–40 · above the critical level 200 (5× ULN)"],
    [
      "triglycerides at the critical level",
      TG("800", "mg/dL", { range: "0-150" }),
      "800 mg/dL · above the lab range 0–150 · at or above the critical level 800",
    ],
    ["triglycerides in mmol/L, converted", TG("10", "mmol/L"), "885.7 mg/dL · above the lab range 0–150 · at or above the critical level 800"],
    ["a preliminary value", TG("900", "mg/dL", { status: "P" }), "900 mg/dL · above the lab range 0–150 · at or above the critical level 800"],
    ["a clinic-added test at its own critical level", obs("9999-9", "300", "U/L"), "300 U/L · at or above the critical level 300"],
  ])("%s is critical, with the flag's sentence", (_, o, reason) => {
    expect(judged(o)).toEqual({ kind: "CRITICAL", test: expect.any(String), reason });
  });

  it.each([
    ["ALT at exactly 5x (the level is passed, not reached)", ALT("200")],
    ["triglycerides below the critical level", TG("799.9")],
    ["a retracted value", TG("900", "mg/dL", { status: "W" })],
    ["a value the portal cannot record", TG("hemolyzed")],
    ["an impossible value", TG("99999")],
    ["a unit the test does not take", TG("900", "g/L")],
    ["a test not in the catalogue", obs("0000-0", "900", "mg/dL")],
    ["a pregnancy test", obs("2106-3", "10828004", null, { valueType: "CWE", valueText: "Positive" })],
    ["cholesterol, which has no critical level", obs("2093-3", "1900", "mg/dL")],
  ])("%s is not", (_, o) => {
    expect(judged(o)).toBeNull();
  });

  it("follows the thresholds given (those in force on the specimen date)", () => {
    const lower = { ...DEFAULT_THRESHOLDS, TG: { action: 500, critical: 600 }, LIVER: { actionTimesUln: 2, criticalTimesUln: 3 } };
    expect([judged(TG("650"))?.kind, judged(TG("650"), lower)?.kind]).toEqual([undefined, "CRITICAL"]);
    expect([judged(ALT("150"))?.kind, judged(ALT("150"), lower)?.kind]).toEqual([undefined, "CRITICAL"]);
  });

  it("sent without its unit, may be critical, naming each unit in which it is", () => {
    expect(judged(TG("25", null))).toEqual({
      kind: "MAY_BE_CRITICAL",
      test: "Triglycerides",
      readings: [{ unit: "mmol/L", reason: "2214.3 mg/dL · above the lab range 0–150 · at or above the critical level 800" }],
    });
    // 900 mg/dL is critical; 900 mmol/L is no possible triglyceride.
    expect(judged(TG("900", null))).toMatchObject({ kind: "MAY_BE_CRITICAL", readings: [{ unit: "mg/dL" }] });
    expect(judged(ALT("300", null))).toMatchObject({ kind: "MAY_BE_CRITICAL", readings: [{ unit: "U/L" }, { unit: "IU/L" }] });
    expect(judged(TG("5.2", null))).toBeNull();
  });

  it("is labelled with the test and the value, never more", () => {
    expect(criticalValueText(judged(ALT("400"))!)).toEqual({
      badge: "Critical value: ALT",
      detail: "400 U/L · above the lab range 7–40 · above the critical level 200 (5× ULN)",
    });
    expect(criticalValueText(judged(TG("25", null))!)).toEqual({
      badge: "May be critical: Triglycerides",
      detail: "Sent without its unit: critical if mmol/L (2214.3 mg/dL · above the lab range 0–150 · at or above the critical level 800).",
    });
    // U/L and IU/L are one unit of enzyme activity: one reading, both named.
    expect(criticalValueText(judged(ALT("300", null))!).detail).toBe(
      "Sent without its unit: critical if U/L or IU/L (300 U/L · above the lab range 7–40 · above the critical level 200 (5× ULN)).",
    );
  });

  it("lists a pregnancy test for a dermatologist first too, which alone only a dermatologist dismisses", () => {
    const positive = obs("2106-3", "10828004", null, { valueType: "CWE", valueText: "Positive" });
    expect(queueCritical(positive, true, CATALOGUE, DEFAULT_THRESHOLDS)).toEqual({ critical: true, dermatologistOnly: true, criticalValue: null });
    expect(queueCritical(ALT("400"), false, CATALOGUE, DEFAULT_THRESHOLDS)).toMatchObject({ critical: true, dermatologistOnly: false });
    expect(queueCritical(ALT("100"), false, CATALOGUE, DEFAULT_THRESHOLDS)).toEqual({ critical: false, dermatologistOnly: false, criticalValue: null });
  });
});

/** A number as laboratories send it: up to 3 decimals. */
const value = (max: number) => fc.integer({ min: 1, max: max * 1000 }).map((n) => String(n / 1000));
const upperLimit = fc.integer({ min: 10, max: 120 });
const RUNS = 300;

describe("the critical rule's invariants", () => {
  it("a number sent without its unit may be critical in exactly the units in which, sent with it, it is critical", () => {
    const cases = fc.oneof(
      fc.record({ o: value(40_000).map((v) => TG(v, null)) }),
      fc.record({ o: fc.tuple(value(25_000), upperLimit).map(([v, h]) => ALT(v, null, { range: `0-${h}` })) }),
    );
    fc.assert(
      fc.property(cases, ({ o }) => {
        const units = o.code === "2571-8" ? ["mg/dL", "mmol/L"] : ["U/L", "IU/L"];
        const sent = units.flatMap((unit) => {
          const v = judged({ ...o, unit });
          return v?.kind === "CRITICAL" ? [{ unit, reason: v.reason }] : [];
        });
        const unitless = judged(o);
        expect(unitless?.kind === "MAY_BE_CRITICAL" ? unitless.readings : []).toEqual(sent);
      }),
      { numRuns: RUNS },
    );
  });

  it("a higher value of the same test, unit and range is critical whenever a lower one is", () => {
    fc.assert(
      fc.property(value(20_000), value(20_000), upperLimit, fc.constantFrom("U/L", "IU/L"), (a, b, h, unit) => {
        const [low, high] = Number(a) <= Number(b) ? [a, b] : [b, a];
        if (judged(ALT(low, unit, { range: `0-${h}` }))) expect(judged(ALT(high, unit, { range: `0-${h}` }))).not.toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it("a lower critical level never makes a critical value ordinary", () => {
    const level = fc.integer({ min: 501, max: 3000 });
    fc.assert(
      fc.property(value(30_000), level, level, fc.constantFrom("mg/dL", "mmol/L"), (v, x, y, unit) => {
        const [lower, higher] = x <= y ? [x, y] : [y, x];
        const at = (critical: number) => judged(TG(v, unit), { ...DEFAULT_THRESHOLDS, TG: { action: 500, critical } });
        if (at(higher)) expect(at(lower)).not.toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});
