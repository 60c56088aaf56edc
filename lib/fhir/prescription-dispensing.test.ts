import { describe, expect, it } from "vitest";
import { requestDispensing } from "./prescription-dispensing";

/**
 * The dispensing a prescription's request says, as the line under it does. Written 1 Jan 2026, dispensable through
 * 7 Jan, read on 5 Jan in a course in progress; dispensed on 2 Jan when said.
 */
const STOPPED = "prescribing is stopped until a dermatologist's review";
const rx = (over: Partial<Parameters<typeof requestDispensing>[0]> = {}) => ({
  startDate: "2026-01-01",
  dispenseBy: "2026-01-07",
  refills: 0,
  holds: [],
  enteredInError: false,
  ...over,
});
const read = (p: Parameters<typeof requestDispensing>[0]) => requestDispensing(p, { status: "ACTIVE", endDate: null }, "active", "2026-01-05");

describe("the day a prescription was dispensed, as its request's note says it", () => {
  it("an ordinary fill: the day alone", () => {
    expect(read(rx({ dispensedOn: "2026-01-02" }))).toMatchObject({ status: "active", dispensedOn: "2026-01-02", dispensedText: "Dispensed on 2 Jan 2026" });
  });

  it("a fill confirmed as dispensed while held: said after the day, and the request not held for a fill it had", () => {
    const d = read(rx({ dispensedOn: "2026-01-02", dispensedConfirmed: `while held: ${STOPPED}`, holds: ["PRESCRIBING_STOPPED"] }));
    expect(d).toEqual({
      status: "active",
      reason: null,
      held: false,
      dispensedOn: "2026-01-02",
      dispensedText: `Dispensed on 2 Jan 2026 while held: ${STOPPED}`,
      instruct: false,
    });
  });

  it("with refills still held: on hold from them, the fill said as confirmed", () => {
    const d = read(rx({ refills: 2, dispensedOn: "2026-01-02", dispensedConfirmed: `while held: ${STOPPED}`, holds: ["PRESCRIBING_STOPPED"] }));
    expect(d).toMatchObject({
      status: "on-hold",
      reason: `Do not dispense a refill: ${STOPPED}`,
      dispensedText: `Dispensed on 2 Jan 2026 while held: ${STOPPED}`,
    });
  });

  it("not dispensed by the day read: no note; entered in error: the fill alone, as its struck line says it", () => {
    expect(read(rx({ dispensedOn: "2026-01-06", dispensedConfirmed: "while held" })).dispensedText).toBeNull();
    expect(read(rx({ dispensedOn: "2026-01-02", dispensedConfirmed: "while held", enteredInError: true }))).toEqual({
      status: "entered-in-error",
      reason: null,
      held: false,
      dispensedOn: "2026-01-02",
      dispensedText: "Dispensed on 2 Jan 2026",
      instruct: false,
    });
  });
});
