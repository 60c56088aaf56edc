import { describe, expect, it } from "vitest";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/cumulative";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/monitoring/flags";
import { DEFAULT_PROTOCOL } from "@/lib/domain/monitoring/protocol";
import { dosingSchema, flatten as flat, parseSettingsForm, protocolSchema, thresholdsSchema, unflatten } from "./settings";


describe("clinic settings schemas", () => {
  it("accept the cited defaults", () => {
    expect(protocolSchema.parse(DEFAULT_PROTOCOL)).toEqual(DEFAULT_PROTOCOL);
    expect(thresholdsSchema.parse(DEFAULT_THRESHOLDS)).toEqual(DEFAULT_THRESHOLDS);
    expect(dosingSchema.parse(DEFAULT_DOSING_SETTINGS)).toEqual(DEFAULT_DOSING_SETTINGS);
  });

  it("keep thresholds and class bounds in order", () => {
    const tg = thresholdsSchema.safeParse({ ...DEFAULT_THRESHOLDS, TG: { high: 150, action: 900, critical: 800 } });
    expect(tg.success).toBe(false);
    expect(tg.error!.issues[0]).toMatchObject({ path: ["TG", "action"] });
    expect(thresholdsSchema.safeParse({ ...DEFAULT_THRESHOLDS, LIVER: { actionTimesUln: 5, criticalTimesUln: 5 } }).success).toBe(false);
    expect(dosingSchema.safeParse({ ...DEFAULT_DOSING_SETTINGS, microBelowMilli: 300, lowBelowMilli: 200 }).success).toBe(false);
  });

  it("refuse implausible values", () => {
    expect(protocolSchema.safeParse({ ...DEFAULT_PROTOCOL, pregnancy: { ...DEFAULT_PROTOCOL.pregnancy, prescriptionWindowDays: 8 } }).success).toBe(false);
    expect(protocolSchema.safeParse({ ...DEFAULT_PROTOCOL, dueSoonDays: -1 }).success).toBe(false);
    expect(protocolSchema.safeParse({ ...DEFAULT_PROTOCOL, periodicMonths: 2.5 }).success).toBe(false);
  });
});

describe("the settings form", () => {
  const form = (over: Record<string, string | string[]>) => ({ kind: "MONITORING_PROTOCOL", effectiveFrom: "2026-12-01", ...flat(DEFAULT_PROTOCOL), ...over });

  it("reads flat fields into the nested settings", () => {
    const r = parseSettingsForm(form({ "pregnancy.postCourseDays": "35", peakWeeksAfterStart: " 6 " }));
    expect(r.ok && r.data).toEqual({ kind: "MONITORING_PROTOCOL", effectiveFrom: "2026-12-01", config: { ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 6, pregnancy: { ...DEFAULT_PROTOCOL.pregnancy, postCourseDays: 35 } } });
  });

  it("names the field of each error by its form name", () => {
    const r = parseSettingsForm(form({ "pregnancy.screeningTests": "two", dueSoonDays: "", baselineWindowDays: "1e2" }));
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.error.issues.map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["baselineWindowDays", "dueSoonDays", "pregnancy.screeningTests"]);
  });

  it("refuses an unknown kind, a missing or impossible date, and repeated fields", () => {
    expect(parseSettingsForm(form({ kind: "USERS" })).ok).toBe(false);
    expect(parseSettingsForm(form({ effectiveFrom: "2026-02-30" })).ok).toBe(false);
    expect(parseSettingsForm(form({ dueSoonDays: ["7", "8"] })).ok).toBe(false);
  });

  it("unflattens only the fields the settings have", () => {
    expect(unflatten({ "TG.high": "150", __proto__: "x", "TG.extra": "1" } as Record<string, string>, { TG: { high: 0 } })).toEqual({ TG: { high: 150 } });
  });
});

describe("flatten", () => {
  it("is the inverse of unflatten for every kind of settings", () => {
    expect(flat(DEFAULT_PROTOCOL)["pregnancy.postCourseDays"]).toBe("30");
    for (const d of [DEFAULT_PROTOCOL, DEFAULT_THRESHOLDS, DEFAULT_DOSING_SETTINGS]) expect(unflatten(flat(d), d)).toEqual(d);
  });
});
