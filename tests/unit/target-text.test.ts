import { describe, expect, it } from "vitest";
import { STOPPED_TARGET_DATE, targetDateText } from "@/app/(portal)/patients/[patientId]/_components/target-text";
import type { TargetStanding } from "@/lib/domain/dosing/target-standing";

const below = { kind: "TOWARDS", projectedTargetDate: "2027-03-31" } as unknown as TargetStanding;
const past = { kind: "PAST", reachedOn: "2026-10-01" } as unknown as TargetStanding;

describe("the target date on the course card and the printed summary", () => {
  it("is projected while the course goes on, and not while a pregnancy test stops prescribing, as on the dashboard", () => {
    expect(targetDateText(below, { ended: false, paused: false })).toBe("31 Mar 2027");
    expect(targetDateText(below, { ended: false, paused: false, prescribingStopped: true })).toBe(STOPPED_TARGET_DATE);
    expect(STOPPED_TARGET_DATE).toBe("None while prescribing is stopped");
  });

  it("keeps the day it was reached, and says none for an ended course, whatever stops prescribing", () => {
    expect(targetDateText(past, { ended: false, paused: false, prescribingStopped: true })).toBe("Reached 1 Oct 2026");
    expect(targetDateText(below, { ended: true, paused: false, prescribingStopped: true })).toBe("—");
  });
});
