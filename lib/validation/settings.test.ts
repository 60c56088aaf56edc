import { describe, expect, it } from "vitest";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/monitoring/flags";
import { DEFAULT_PROTOCOL } from "@/lib/domain/monitoring/protocol";
import { DEFAULT_PREGNANCY_SETTINGS } from "@/lib/domain/pregnancy";
import { dosingSchema, flatten as flat, parseSettingsForm, pregnancySchema, protocolSchema, thresholdsSchema, unflatten } from "./settings";

describe("clinic settings schemas", () => {
  it("accept the cited defaults", () => {
    expect(protocolSchema.parse(DEFAULT_PROTOCOL)).toEqual(DEFAULT_PROTOCOL);
    expect(thresholdsSchema.parse(DEFAULT_THRESHOLDS)).toEqual(DEFAULT_THRESHOLDS);
    expect(dosingSchema.parse(DEFAULT_DOSING_SETTINGS)).toEqual(DEFAULT_DOSING_SETTINGS);
    expect(pregnancySchema.parse(DEFAULT_PREGNANCY_SETTINGS)).toEqual(DEFAULT_PREGNANCY_SETTINGS);
  });

  it("let pregnancy-prevention settings tighten a rule but never loosen it", () => {
    expect(pregnancySchema.safeParse({ ...DEFAULT_PREGNANCY_SETTINGS, prescriptionWindowDays: 3 }).success).toBe(true);
    const loose = pregnancySchema.safeParse({ ...DEFAULT_PREGNANCY_SETTINGS, prescriptionWindowDays: 7, programme: "EU_PPP" });
    expect(loose.success).toBe(false);
    expect(loose.error!.issues[0]).toMatchObject({ path: ["prescriptionWindowDays"], message: expect.stringContaining("the programme's 4 days") });
    expect(
      pregnancySchema.safeParse({ ...DEFAULT_PREGNANCY_SETTINGS, prescriptionWindowDays: 4, monthlyTestIntervalDays: 28, programme: "EU_PPP" }).success,
    ).toBe(true);
    const early = pregnancySchema.safeParse({ ...DEFAULT_PREGNANCY_SETTINGS, usModificationEffectiveFrom: "2026-02-09" });
    expect(early.error!.issues[0]).toMatchObject({ path: ["usModificationEffectiveFrom"] });
    expect(pregnancySchema.safeParse({ ...DEFAULT_PREGNANCY_SETTINGS, usModificationEffectiveFrom: "2027-01-01" }).success).toBe(true);
    expect(pregnancySchema.safeParse({ ...DEFAULT_PREGNANCY_SETTINGS, maxDaysSupply: 31 }).success).toBe(false);
  });

  it("let the follow-ups after a confirmed pregnancy be overdue sooner than the rule set's 7 days, never later", () => {
    expect(DEFAULT_PREGNANCY_SETTINGS.followUpOverdueAfterDays).toBe(7);
    for (const days of [0, 3, 7]) expect(pregnancySchema.safeParse({ ...DEFAULT_PREGNANCY_SETTINGS, followUpOverdueAfterDays: days }).success).toBe(true);
    const later = pregnancySchema.safeParse({ ...DEFAULT_PREGNANCY_SETTINGS, followUpOverdueAfterDays: 8 });
    expect(later.error!.issues.map((i) => [i.path, i.message])).toEqual([
      [
        ["followUpOverdueAfterDays"],
        `"Follow-up of a confirmed pregnancy overdue: days past due" cannot be longer than the programme's 7 days: a setting may tighten a rule, never loosen it.`,
      ],
    ]);
  });

  it("keep thresholds and class bounds in order", () => {
    const tg = thresholdsSchema.safeParse({ ...DEFAULT_THRESHOLDS, TG: { action: 900, critical: 800 } });
    expect(tg.success).toBe(false);
    expect(tg.error!.issues[0]).toMatchObject({ path: ["TG", "action"] });
    expect(thresholdsSchema.safeParse({ ...DEFAULT_THRESHOLDS, LIVER: { actionTimesUln: 5, criticalTimesUln: 5 } }).success).toBe(false);
    expect(dosingSchema.safeParse({ ...DEFAULT_DOSING_SETTINGS, microBelowMilli: 300, lowBelowMilli: 200 }).success).toBe(false);
  });

  it("read a version saved with the earlier high and low levels: the cholesterol high level becomes its action level", () => {
    const legacy = {
      TG: { high: 150, action: 450, critical: 900 },
      CHOL: { high: 250 },
      LDL: { high: 160, action: 200 },
      HDL: { low: 40 },
      LIVER: DEFAULT_THRESHOLDS.LIVER,
    };
    expect(thresholdsSchema.parse(legacy)).toEqual({
      TG: { action: 450, critical: 900 },
      CHOL: { action: 250 },
      LDL: { action: 200 },
      LIVER: DEFAULT_THRESHOLDS.LIVER,
    });
  });

  it("refuse implausible values", () => {
    expect(protocolSchema.safeParse({ ...DEFAULT_PROTOCOL, baselineWindowDays: 90 }).success).toBe(false);
    expect(protocolSchema.safeParse({ ...DEFAULT_PROTOCOL, dueSoonDays: -1 }).success).toBe(false);
    expect(protocolSchema.safeParse({ ...DEFAULT_PROTOCOL, periodicMonths: 2.5 }).success).toBe(false);
  });
});

describe("the settings form", () => {
  const form = (over: Record<string, string | string[]>) => ({
    kind: "MONITORING_PROTOCOL",
    version: "3",
    effectiveFrom: "2026-12-01",
    ...flat(DEFAULT_PROTOCOL),
    ...over,
  });

  it("reads flat fields into the nested settings", () => {
    const r = parseSettingsForm(form({ kind: "LAB_THRESHOLDS", ...flat(DEFAULT_THRESHOLDS), "TG.critical": "900" }));
    expect(r.ok && r.data).toEqual({
      kind: "LAB_THRESHOLDS",
      openedAt: 3,
      effectiveFrom: "2026-12-01",
      config: { ...DEFAULT_THRESHOLDS, TG: { ...DEFAULT_THRESHOLDS.TG, critical: 900 } },
    });
    const p = parseSettingsForm(form({ peakWeeksAfterStart: " 6 " }));
    expect(p.ok && p.data.config).toEqual({ ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 6 });
  });

  it("reads the home-test opt-in checkbox", () => {
    const base: Record<string, string> = { kind: "PREGNANCY_PREVENTION", version: "0", effectiveFrom: "2026-12-01", ...flat(DEFAULT_PREGNANCY_SETTINGS) };
    const on = parseSettingsForm({ ...base, homeTestsOptIn: "on" });
    expect(on.ok && on.data.config).toEqual({ ...DEFAULT_PREGNANCY_SETTINGS, homeTestsOptIn: true });
    const { homeTestsOptIn: _unchecked, ...off } = base;
    expect(parseSettingsForm(off).ok && (parseSettingsForm(off) as { data: { config: object } }).data.config).toEqual({
      ...DEFAULT_PREGNANCY_SETTINGS,
      homeTestsOptIn: false,
    });
  });

  it("names the field of each error by its form name", () => {
    const r = parseSettingsForm({
      kind: "LAB_THRESHOLDS",
      version: "1",
      effectiveFrom: "2026-12-01",
      ...flat(DEFAULT_THRESHOLDS),
      "TG.action": "two",
      "CHOL.action": "",
      "LDL.action": "1e2",
    });
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.error.issues.map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["CHOL.action", "LDL.action", "TG.action"]);
  });

  it("refuses an unknown kind, a missing or impossible date or version, and repeated fields", () => {
    expect(parseSettingsForm(form({ kind: "USERS" })).ok).toBe(false);
    for (const version of ["", "-1", "1.5", "x", "9999999999"]) expect(parseSettingsForm(form({ version })).ok).toBe(false);
    expect(parseSettingsForm(form({ effectiveFrom: "2026-02-30" })).ok).toBe(false);
    expect(parseSettingsForm(form({ dueSoonDays: ["7", "8"] })).ok).toBe(false);
  });

  it("unflattens only the fields the settings have", () => {
    expect(unflatten({ "TG.high": "150", __proto__: "x", "TG.extra": "1" } as Record<string, string>, { TG: { high: 0 } })).toEqual({ TG: { high: 150 } });
  });
});

describe("flatten", () => {
  it("is the inverse of unflatten for every kind of settings", () => {
    expect(flat(DEFAULT_THRESHOLDS)["TG.action"]).toBe("500");
    for (const d of [DEFAULT_PROTOCOL, DEFAULT_THRESHOLDS, DEFAULT_DOSING_SETTINGS]) expect(unflatten(flat(d), d)).toEqual(d);
  });
});
