import { describe, expect, it } from "vitest";
import { clinicDateTime, dayStartInZone, formatClinicTime, formatInstant } from "./clinic-time";

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
    // Clocks forward at midnight: 00:00 to 00:59 never happen, the day begins at 01:00 in the new offset.
    ["2026-03-08", "America/Havana", "2026-03-08T05:00:00.000Z"],
    ["2026-09-06", "America/Santiago", "2026-09-06T04:00:00.000Z"],
    ["2026-03-29", "Asia/Beirut", "2026-03-28T22:00:00.000Z"],
    ["2024-10-06", "America/Asuncion", "2024-10-06T04:00:00.000Z"],
    ["2018-11-04", "America/Sao_Paulo", "2018-11-04T03:00:00.000Z"],
    // The days either side of those begin at midnight.
    ["2026-03-07", "America/Havana", "2026-03-07T05:00:00.000Z"],
    ["2026-03-09", "America/Havana", "2026-03-09T04:00:00.000Z"],
    ["2026-09-05", "America/Santiago", "2026-09-05T04:00:00.000Z"],
    ["2026-09-07", "America/Santiago", "2026-09-07T03:00:00.000Z"],
    ["2026-03-28", "Asia/Beirut", "2026-03-27T22:00:00.000Z"],
    ["2026-03-30", "Asia/Beirut", "2026-03-29T21:00:00.000Z"],
    // Clocks back from 01:00 to 00:00: midnight comes twice, the day begins at the first.
    ["2026-11-01", "America/Havana", "2026-11-01T04:00:00.000Z"],
    // East of Greenwich, back from 02:00 (+11) to 23:00 (+8): the first midnight is the earlier offset's.
    ["2010-03-05", "Antarctica/Casey", "2010-03-04T13:00:00.000Z"],
    // Clocks back from 00:00 to 23:00 the evening before: the day begins at the midnight after the change.
    ["2026-10-25", "Asia/Beirut", "2026-10-24T22:00:00.000Z"],
    ["2026-10-24", "Asia/Beirut", "2026-10-23T21:00:00.000Z"],
    ["2026-04-05", "America/Santiago", "2026-04-05T04:00:00.000Z"],
    // A day the zone skipped (Samoa moved across the date line): it begins, empty, when the next day does.
    ["2011-12-30", "Pacific/Apia", "2011-12-30T10:00:00.000Z"],
    ["2011-12-31", "Pacific/Apia", "2011-12-30T10:00:00.000Z"],
    ["2011-12-29", "Pacific/Apia", "2011-12-29T10:00:00.000Z"],
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

  // For a spreadsheet (CSV exports): the same wall clock, as numbers.
  it.each([
    ["2026-11-23T19:05:09Z", "America/New_York", "2026-11-23 14:05"],
    ["2026-07-04T03:00:59Z", "America/New_York", "2026-07-03 23:00"],
    ["2026-01-01T04:59:00Z", "America/New_York", "2025-12-31 23:59"],
    ["2026-07-04T00:30:00Z", "UTC", "2026-07-04 00:30"],
  ])("%s in %s is %s in a spreadsheet", (instant, zone, expected) => {
    expect(clinicDateTime(new Date(instant), zone)).toBe(expected);
  });
});
