import { describe, expect, it } from "vitest";
import { daily, v } from "@/tests/unit/dose-in-force-fixture";
import { WRITTEN_PRESCRIPTION_CODE, writtenPrescriptionsWarning } from "./written-prescriptions";

const said = (writtenOn: string, writtenFor: number, now: number) =>
  `The prescription of ${writtenOn} was written for ${writtenFor} mg daily; from its date this makes the dose ${now} mg daily, ` +
  "and its dispense quantity will read for that dose: write a new prescription if the patient is to take it.";

describe("a write that changes the dose in force on a written prescription's start date", () => {
  const start = v("start", "2026-10-24", 40);
  const rx20Nov = { writtenOn: "2026-11-20", startDate: "2026-11-20", writtenFor: daily(40) };
  const rx24Oct = { writtenOn: "2026-10-24", startDate: "2026-10-24", writtenFor: daily(40) };

  it("30 mg from 15 Nov: the 20 Nov prescription, written for 40 mg, is named; the 24 Oct one is not", () => {
    expect(writtenPrescriptionsWarning([rx20Nov, rx24Oct], [start], [start, v("new", "2026-11-15", 30)])).toEqual({
      code: WRITTEN_PRESCRIPTION_CODE,
      message: said("20 Nov 2026", 40, 30),
    });
  });

  it("the starting regimen corrected to 60 mg: both are named, by start date", () => {
    const after = [start, v("fix", "2026-10-24", 60, "start")];
    expect(writtenPrescriptionsWarning([rx20Nov, rx24Oct], [start], after)?.message).toBe(`${said("24 Oct 2026", 40, 60)} ${said("20 Nov 2026", 40, 60)}`);
  });

  it("a change dated after the start date, one that puts back the dose written for, or one that leaves the start date's dose as it was: nothing", () => {
    expect(writtenPrescriptionsWarning([rx20Nov], [start], [start, v("later", "2026-11-21", 30)])).toBeNull();
    const lowered = v("low", "2026-11-15", 30);
    expect(writtenPrescriptionsWarning([rx20Nov], [start, lowered], [start, lowered, v("back", "2026-11-15", 40, "low")])).toBeNull();
    const same = v("same", "2026-11-10", 40);
    expect(writtenPrescriptionsWarning([rx20Nov], [start], [start, same])).toBeNull();
  });

  it("a prescription whose dose is not known (no version when it was written) is not named", () => {
    expect(writtenPrescriptionsWarning([{ ...rx20Nov, writtenFor: null }], [start], [start, v("new", "2026-11-15", 30)])).toBeNull();
  });
});
