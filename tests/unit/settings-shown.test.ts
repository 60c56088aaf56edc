import { describe, expect, it } from "vitest";
import { settingShown, versionChanges } from "@/app/(portal)/settings/setting-shown";

const programme = { name: "programme", label: "Programme", options: [{ value: "US_IPLEDGE", label: "iPLEDGE (United States)" }] };
const date = { name: "usModificationEffectiveFrom", label: "iPLEDGE 2026 modification takes effect on", type: "date" as const };
const supply = { name: "maxDaysSupply", label: "Supply limit (days)" };

describe("a setting as the settings page shows it", () => {
  it("a date in the app's format, a choice by its label, anything else as entered", () => {
    expect(settingShown(date, "2026-08-08")).toBe("8 Aug 2026");
    expect(settingShown(programme, "US_IPLEDGE")).toBe("iPLEDGE (United States)");
    expect(settingShown(supply, "30")).toBe("30");
    expect(settingShown({ name: "lowBelowMilli", label: "Low dose: below (mg/kg/day)" }, "0.4")).toBe("0.4");
  });
});

describe("what a version sets, against the one before it", () => {
  const fields = [programme, date, supply];
  it("names each field it changes, from and to, in the form's order", () => {
    expect(
      versionChanges(
        fields,
        { programme: "US_IPLEDGE", usModificationEffectiveFrom: "2026-08-08", maxDaysSupply: "30" },
        { programme: "US_IPLEDGE", usModificationEffectiveFrom: "2026-09-01", maxDaysSupply: "28" },
      ),
    ).toEqual([
      { label: "iPLEDGE 2026 modification takes effect on", from: "8 Aug 2026", to: "1 Sep 2026" },
      { label: "Supply limit (days)", from: "30", to: "28" },
    ]);
  });

  it("none when it sets what the one before it did", () => {
    const same = { programme: "US_IPLEDGE", usModificationEffectiveFrom: "2026-08-08", maxDaysSupply: "30" };
    expect(versionChanges(fields, same, { ...same })).toEqual([]);
  });
});
