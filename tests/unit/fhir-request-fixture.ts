import type { CourseForRequests } from "@/lib/fhir/medication-requests";

/**
 * A course's regimen version and prescription as the FHIR MedicationRequests read them (lib/fhir/medication-requests.ts):
 * one regimen version, r1, from 1 Jan 2026, and one prescription of it on Claravis 20 mg, 30 days, written and
 * started that day, written for r1 with its pattern counted from that day. Each test says what differs.
 */
export type RequestRegimen = CourseForRequests["regimens"][number];
export type RequestRx = CourseForRequests["prescriptions"][number];

export const requestRegimen = (over: Partial<RequestRegimen> = {}): RequestRegimen => ({
  id: "r1",
  effectiveFrom: "2026-01-01",
  mgPerIntake: 20,
  intakesPerDay: 1,
  pattern: { kind: "DAILY" },
  range: null,
  supersedesId: null,
  sequence: 0,
  enteredInError: false,
  prescriptionId: null,
  createdAt: new Date("2026-01-01T09:00:00Z"),
  createdBy: "Dr A",
  reason: "Start",
  ...over,
});

export const requestRx = (over: Partial<RequestRx> = {}): RequestRx => ({
  id: "rx1",
  product: "CLARAVIS",
  capsuleStrengthMg: 20,
  writtenOn: "2026-01-01",
  startDate: "2026-01-01",
  daysSupply: 30,
  refills: 0,
  dispenseBy: null,
  holds: [],
  prescriber: "Dr A",
  createdAt: new Date("2026-01-01T09:00:00Z"),
  enteredInError: false,
  writtenForId: "r1",
  patternAnchor: "2026-01-01",
  ...over,
});
