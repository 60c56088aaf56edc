import { describe, expect, it } from "vitest";
import { daily, v } from "@/tests/unit/dose-in-force-fixture";
import { prescriptionSupplyEnds } from "./supply";
import { WRITTEN_PRESCRIPTION_CODE, writtenPrescriptionsWarning } from "./written-prescriptions";

/** Claravis 20 mg prescriptions, each starting on the day it was written. */
const said = (writtenOn: string, through: string, writtenFor: number, now: number) =>
  `The Claravis 20 mg prescription of ${writtenOn} (supply through ${through}) stays written for ${writtenFor} mg daily; ` +
  `with this change the dose in force on its start date, ${writtenOn}, is ${now} mg daily: write a new prescription if the patient is to take that dose.`;

/** Today: Mon 23 Nov 2026. */
const TODAY = "2026-11-23";

describe("the last day a prescription supplies", () => {
  it("30 days from 20 Nov: 19 Dec; with one refill, 60 days: 18 Jan; a 7-day supply from 17 Nov: 23 Nov", () => {
    expect(prescriptionSupplyEnds({ startDate: "2026-11-20", daysSupply: 30, refills: 0 })).toBe("2026-12-19");
    expect(prescriptionSupplyEnds({ startDate: "2026-11-20", daysSupply: 30, refills: 1 })).toBe("2027-01-18");
    expect(prescriptionSupplyEnds({ startDate: "2026-11-17", daysSupply: 7, refills: 0 })).toBe("2026-11-23");
  });
});

describe("a write that changes the dose in force on a written prescription's start date", () => {
  const start = v("start", "2026-10-24", 40);
  // Supplied through 19 Dec; the 24 Oct one, 30 days and a refill, through 22 Dec.
  const rx20Nov = {
    product: "CLARAVIS",
    capsuleStrengthMg: 20,
    writtenOn: "2026-11-20",
    startDate: "2026-11-20",
    supplyEnds: "2026-12-19",
    writtenFor: daily(40),
  };
  const rx24Oct = {
    product: "CLARAVIS",
    capsuleStrengthMg: 20,
    writtenOn: "2026-10-24",
    startDate: "2026-10-24",
    supplyEnds: "2026-12-22",
    writtenFor: daily(40),
  };

  it("30 mg from 15 Nov: the 20 Nov prescription, written for 40 mg, is named; the 24 Oct one is not", () => {
    expect(writtenPrescriptionsWarning([rx20Nov, rx24Oct], [start], [start, v("new", "2026-11-15", 30)], TODAY)).toEqual({
      code: WRITTEN_PRESCRIPTION_CODE,
      message: said("20 Nov 2026", "19 Dec 2026", 40, 30),
    });
  });

  it("the starting regimen corrected to 60 mg: both are named, by start date", () => {
    const after = [start, v("fix", "2026-10-24", 60, "start")];
    expect(writtenPrescriptionsWarning([rx20Nov, rx24Oct], [start], after, TODAY)?.message).toBe(
      `${said("24 Oct 2026", "22 Dec 2026", 40, 60)} ${said("20 Nov 2026", "19 Dec 2026", 40, 60)}`,
    );
  });

  it("a prescription whose supply ended before today is not named: its record keeps the dose it was written for", () => {
    const after = [start, v("fix", "2026-10-24", 60, "start")];
    const ended = { ...rx24Oct, supplyEnds: "2026-11-22" };
    expect(writtenPrescriptionsWarning([ended], [start], after, TODAY)).toBeNull();
    // Its last day is today: it is still taken.
    expect(writtenPrescriptionsWarning([{ ...ended, supplyEnds: TODAY }], [start], after, TODAY)?.message).toBe(said("24 Oct 2026", "23 Nov 2026", 40, 60));
  });

  it("a prescription of a course no longer in progress (no supply end) is not named", () => {
    const after = [start, v("fix", "2026-10-24", 60, "start")];
    expect(writtenPrescriptionsWarning([{ ...rx20Nov, supplyEnds: null }], [start], after, TODAY)).toBeNull();
  });

  it("a change dated after the start date, one that puts back the dose written for, or one that leaves the start date's dose as it was: nothing", () => {
    expect(writtenPrescriptionsWarning([rx20Nov], [start], [start, v("later", "2026-11-21", 30)], TODAY)).toBeNull();
    const lowered = v("low", "2026-11-15", 30);
    expect(writtenPrescriptionsWarning([rx20Nov], [start, lowered], [start, lowered, v("back", "2026-11-15", 40, "low")], TODAY)).toBeNull();
    const same = v("same", "2026-11-10", 40);
    expect(writtenPrescriptionsWarning([rx20Nov], [start], [start, same], TODAY)).toBeNull();
  });

  it("a prescription whose dose is not known (written before it was recorded, not worked out) is not named", () => {
    expect(writtenPrescriptionsWarning([{ ...rx20Nov, writtenFor: null }], [start], [start, v("new", "2026-11-15", 30)], TODAY)).toBeNull();
  });
});
