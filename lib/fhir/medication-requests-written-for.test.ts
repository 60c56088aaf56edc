import { describe, expect, it } from "vitest";
import type { RegimenVersion } from "@/lib/domain/dosing/course-input";
import { requestRegimen, requestRx, type RequestRx } from "@/tests/unit/fhir-request-fixture";
import { courseMedicationRequests, type CourseForRequests } from "./medication-requests";

/**
 * A prescription's MedicationRequest reads the regimen version it was written for, stored with it, and the day its
 * pattern counts from: 20 mg every other day from 1 Jan 2026 (r1), prescribed for 30 days on Claravis 20 mg (15
 * capsules), whatever the course's versions say later.
 */
const version = (id: string, over: Partial<RegimenVersion> & { enteredInError?: boolean }, sequence: number) =>
  requestRegimen({ id, pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 }, createdAt: new Date(Date.UTC(2026, 0, 1, 9, sequence)), ...over, sequence });
const rx = (over: Partial<RequestRx>) => requestRx(over);
const requestOf = (regimens: CourseForRequests["regimens"], prescription = rx({})) =>
  courseMedicationRequests(
    { id: "c1", patientId: "p1", status: "ACTIVE", endDate: null, regimens, prescriptions: [prescription] },
    () => "Claravis",
    "2026-01-10",
  ).find((r) => r.id === "rx-rx1")!;

describe("a prescription's request after the course's versions changed", () => {
  it("r1 corrected to 20 mg daily: still 15 capsules, its dosage 20 mg every other day", () => {
    const request = requestOf([version("r1", {}, 0), version("r2", { pattern: { kind: "DAILY" }, supersedesId: "r1" }, 1)]);
    expect(request.dispenseRequest!.quantity!.value).toBe(15);
    expect(request.dosageInstruction![0]!.text).toBe("20 mg every other day");
  });

  it("r1 voided, 40 mg daily in force from 1 Jan: still 15 capsules of 20 mg", () => {
    const request = requestOf([version("r1", { enteredInError: true }, 0), version("r0", { mgPerIntake: 40, pattern: { kind: "DAILY" } }, 1)]);
    expect(request.dispenseRequest!.quantity!.value).toBe(15);
  });

  it("counted from its stored anchor: 7 days from 1 Jan are 4 capsules counted from 1 Jan, 3 counted from 2 Jan", () => {
    // From 1 Jan: 1, 3, 5, 7 Jan; from 2 Jan: 2, 4, 6 Jan.
    expect(requestOf([version("r1", {}, 0)], rx({ daysSupply: 7 })).dispenseRequest!.quantity!.value).toBe(4);
    expect(requestOf([version("r1", {}, 0)], rx({ daysSupply: 7, patternAnchor: "2026-01-02" })).dispenseRequest!.quantity!.value).toBe(3);
  });

  it("one written before that was recorded (nothing stored): the regimen in force on its start date now", () => {
    const regimens = [version("r1", {}, 0), version("r2", { pattern: { kind: "DAILY" }, supersedesId: "r1" }, 1)];
    expect(requestOf(regimens, rx({ writtenForId: null, patternAnchor: null })).dispenseRequest!.quantity!.value).toBe(30);
  });
});
