import type { CourseForMonitoring, LabPoint } from "./protocol";

/** Fixtures of the monitoring protocol's tests: a course from 2 Mar 2026 (in progress, no pause, no increase) unless `over` says otherwise. */
export const course = (over: Partial<CourseForMonitoring> = {}): CourseForMonitoring => ({
  id: "c1",
  startDate: "2026-03-02",
  endDate: null,
  pauses: [],
  doseIncreaseDates: [],
  ...over,
});

/** A set of results of these analytes collected on one day. */
export const labs = (date: string, ...analytes: string[]): LabPoint[] => analytes.map((analyte) => ({ analyte, specimenDate: date }));
