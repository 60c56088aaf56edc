import { describe, expect, it } from "vitest";
import { dayStartInZone, formatClinicTime, formatInstant } from "./clinic-time";

describe("calendar days in a zone", () => {
  it.each([
    ["2026-11-23", "America/New_York", "2026-11-23T05:00:00.000Z"],
    ["2026-07-01", "America/New_York", "2026-07-01T04:00:00.000Z"],
    // The days of the daylight-saving changes: midnight is before the 2 a.m. switch.
    ["2026-03-08", "America/New_York", "2026-03-08T05:00:00.000Z"],
    ["2026-03-09", "America/New_York", "2026-03-09T04:00:00.000Z"],
    ["2026-11-01", "America/New_York", "2026-11-01T04:00:00.000Z"],
    ["2026-11-02", "America/New_York", "2026-11-02T05:00:00.000Z"],
    ["2026-06-15", "Europe/London", "2026-06-14T23:00:00.000Z"],
    ["2026-06-15", "Asia/Kolkata", "2026-06-14T18:30:00.000Z"],
    ["2026-06-15", "UTC", "2026-06-15T00:00:00.000Z"],
  ])("%s begins in %s at %s", (iso, zone, expected) => {
    expect(dayStartInZone(iso, zone).toISOString()).toBe(expected);
  });
});

describe("instants on the clinic's wall clock", () => {
  // With seconds and the zone (the audit trail), and to the minute (for the clinic's staff).
  it.each([
    ["2026-11-23T19:05:09Z", "America/New_York", "23 Nov 2026, 14:05:09 EST", "23 Nov 2026, 14:05"],
    ["2026-07-04T03:00:59Z", "America/New_York", "3 Jul 2026, 23:00:59 EDT", "3 Jul 2026, 23:00"],
    ["2026-07-04T03:00:00Z", "UTC", "4 Jul 2026, 03:00:00 UTC", "4 Jul 2026, 03:00"],
  ])("%s in %s reads %s, or %s", (instant, zone, full, minute) => {
    expect(formatInstant(new Date(instant), zone)).toBe(full);
    expect(formatClinicTime(new Date(instant), zone)).toBe(minute);
  });
});
