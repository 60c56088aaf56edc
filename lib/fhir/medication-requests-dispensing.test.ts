import { describe, expect, it } from "vitest";
import { fhirIssues } from "@/tests/fhir-validator";
import { requestRegimen, requestRx, type RequestRx } from "@/tests/unit/fhir-request-fixture";
import { courseMedicationRequests, type CourseForRequests } from "./medication-requests";

/**
 * A prescription's request says what the line under it on the patient page says: the day a pharmacy dispensed it
 * (a hold then reaches its refills only, if it has any), and, never dispensed and no longer dispensable (its course
 * ended, its last day to be dispensed passed), that it is not to be dispensed and why, never `completed`.
 * 40 mg daily from 1 Jan 2026 on 20 mg capsules; each prescription 30 days, dispense by 7 Jan unless said.
 */
const regimen = (mgPerIntake = 40) => requestRegimen({ mgPerIntake });
type Rx = RequestRx;
const rx = (over: Partial<Rx> = {}): Rx => requestRx({ dispenseBy: "2026-01-07", ...over });
const course = (over: Partial<CourseForRequests>): CourseForRequests => ({
  id: "c1",
  patientId: "p1",
  status: "ACTIVE",
  endDate: null,
  regimens: [regimen()],
  prescriptions: [rx()],
  ...over,
});
const requests = (c: CourseForRequests, asOf: string) => courseMedicationRequests(c, () => "Claravis", asOf);
const request = (c: CourseForRequests, asOf: string, id = "rx1") => requests(c, asOf).find((r) => r.id === `rx-${id}`)!;

const STOPPED = "prescribing is stopped until a dermatologist's review";
const DISPENSED = { time: "2026-01-02", text: "Dispensed on 2 Jan 2026" };
/** 30 mg on Amnesteem 20 mg capsules, stored before such a prescription was refused: no quantity, and why. */
const NOT_WHOLE = "30 mg is not whole 20 mg capsules: write it on 10 mg capsules.";

describe("a prescription a pharmacy dispensed, on 2 Jan 2026, read on 5 Jan while prescribing is stopped", () => {
  it("with 2 refills: on hold from its refills, not from the fill it had, and says when it was dispensed", () => {
    const r = request(course({ prescriptions: [rx({ refills: 2, dispensedOn: "2026-01-02", holds: ["PRESCRIBING_STOPPED"] })] }), "2026-01-05");
    expect(r.status).toBe("on-hold");
    expect(r.statusReason).toEqual({ text: `Do not dispense a refill: ${STOPPED}` });
    expect(r.note).toEqual([DISPENSED]);
    expect(r.dispenseRequest!.validityPeriod).toBeUndefined();
  });

  it("without refills: the hold has nothing left to hold, so nothing reads 'do not dispense'", () => {
    const r = request(course({ prescriptions: [rx({ dispensedOn: "2026-01-02", holds: ["PRESCRIBING_STOPPED"] })] }), "2026-01-05");
    expect(r.status).toBe("active");
    expect(r.statusReason).toBeUndefined();
    expect(r.note).toEqual([DISPENSED]);
    expect(JSON.stringify(r)).not.toMatch(/do not dispense/i);
  });

  it("a quantity not computed: why, in words, after the day it was dispensed, never as 'Dispense:'", () => {
    // 30 mg daily on Amnesteem 20 mg (no 30 mg capsule), stored before such a prescription was refused.
    const c = course({ regimens: [regimen(30)], prescriptions: [rx({ product: "AMNESTEEM", dispensedOn: "2026-01-02" })] });
    const r = request(c, "2026-01-05");
    expect(r.note).toEqual([DISPENSED, { text: `One fill: not computed: ${NOT_WHOLE}` }]);
    expect(r.dispenseRequest!.quantity).toBeUndefined();
  });

  it("a dispensed date recorded after the day read is not yet a fill", () => {
    const r = request(course({ prescriptions: [rx({ dispensedOn: "2026-01-06", holds: ["PRESCRIBING_STOPPED"] })] }), "2026-01-05");
    expect(r.status).toBe("on-hold");
    expect(r.statusReason).toEqual({ text: `Do not dispense: ${STOPPED}` });
    expect(r.note).toBeUndefined();
  });
});

describe("a prescription never dispensed that can no longer be dispensed", () => {
  // Stopped on 20 Jan, read on 25 Jan: the first prescription's supply had begun (1 Jan); the second, written on
  // 15 Jan for 31 Jan, never began.
  const second = rx({ id: "rx2", writtenOn: "2026-01-15", startDate: "2026-01-31", dispenseBy: "2026-01-21", createdAt: new Date("2026-01-15T09:00:00Z") });
  const stopped = (first: Rx) => course({ status: "STOPPED", endDate: "2026-01-20", prescriptions: [first, second] });
  const ended = { text: "Not to be dispensed: the course ended on 20 Jan 2026" };

  it("of a stopped course: stopped once its supply had begun, cancelled when it never began, never completed", () => {
    const c = stopped(rx());
    expect([request(c, "2026-01-25", "rx1").status, request(c, "2026-01-25", "rx2").status]).toEqual(["stopped", "cancelled"]);
    expect(request(c, "2026-01-25", "rx1").statusReason).toEqual(ended);
    expect(request(c, "2026-01-25", "rx2").statusReason).toEqual(ended);
  });

  it("a dispensed one of the same course keeps its status: completed before the latest", () => {
    const r = request(stopped(rx({ dispensedOn: "2026-01-02" })), "2026-01-25", "rx1");
    expect(r.status).toBe("completed");
    expect(r.statusReason).toBeUndefined();
    expect(r.note).toEqual([DISPENSED]);
  });

  it("of a completed course: stopped, with the course's end as the reason", () => {
    const r = request(course({ status: "COMPLETED", endDate: "2026-01-30" }), "2026-02-10");
    expect(r.status).toBe("stopped");
    expect(r.statusReason).toEqual({ text: "Not to be dispensed: the course ended on 30 Jan 2026" });
  });

  it("in a course in progress, past its last day to be dispensed: stopped, and one fill reads as what it was", () => {
    const c = course({ regimens: [regimen(30)], prescriptions: [rx({ product: "AMNESTEEM" })] });
    const r = request(c, "2026-01-10");
    expect(r.status).toBe("stopped");
    expect(r.statusReason).toEqual({ text: "Not to be dispensed: its last day to be dispensed, 7 Jan 2026, has passed" });
    expect(r.note).toEqual([{ text: `One fill: not computed: ${NOT_WHOLE}` }]);
    // Within its window the note is still the instruction.
    expect(request(c, "2026-01-05")).toMatchObject({ status: "active", note: [{ text: `Dispense: not computed: ${NOT_WHOLE}` }] });
  });

  it("past its last day to be dispensed before its supply was to begin: cancelled", () => {
    const r = request(course({ prescriptions: [rx({ startDate: "2026-01-12" })] }), "2026-01-10");
    expect(r.status).toBe("cancelled");
    expect(r.statusReason).toEqual({ text: "Not to be dispensed: its last day to be dispensed, 7 Jan 2026, has passed" });
  });

  it("held too: the status and its reason say why it can no longer be dispensed at all", () => {
    const r = request(course({ prescriptions: [rx({ holds: ["PRESCRIBING_STOPPED"] })] }), "2026-01-10");
    expect(r.status).toBe("stopped");
    expect(r.statusReason).toEqual({ text: "Not to be dispensed: its last day to be dispensed, 7 Jan 2026, has passed" });
  });
});

describe("the requests read here", () => {
  it("pass the FHIR R4 definitions: a dispensed date as a note's time, a reason as statusReason's text", () => {
    const dispensed = course({ prescriptions: [rx({ refills: 2, dispensedOn: "2026-01-02", holds: ["PRESCRIBING_STOPPED"] })] });
    const ended = course({ status: "STOPPED", endDate: "2026-01-20", prescriptions: [rx(), rx({ id: "rx2", startDate: "2026-01-31" })] });
    for (const r of [...requests(dispensed, "2026-01-05"), ...requests(ended, "2026-01-25")]) expect(fhirIssues(r), r.id).toEqual([]);
  });
});
