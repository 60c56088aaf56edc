import { describe, expect, it } from "vitest";
import { toDay } from "@/lib/domain/dates";
import { isDosingDay } from "@/lib/domain/dosing/schedule";
import { requestRegimen, requestRx } from "@/tests/unit/fhir-request-fixture";
import { courseMedicationRequests, type CourseForRequests } from "./medication-requests";

/**
 * A pulse course, 20 mg 7 days on / 21 off from 1 January, prescribed month by month: the second
 * prescription's supply starts on 31 January, the third day of the second "on" block (29 January to 4 February).
 */
const regimen = requestRegimen({ pattern: { kind: "CYCLE", cycleOnDays: 7, cycleOffDays: 21 } });
// Written for the pulse regimen, its cycle counted from 1 January (stored with it).
const rx = (id: string, startDate: string, createdAt: string) =>
  requestRx({ id, writtenOn: startDate, startDate, dispenseBy: startDate, createdAt: new Date(createdAt) });
const course: CourseForRequests = {
  id: "c1",
  patientId: "p1",
  status: "ACTIVE",
  endDate: null,
  regimens: [regimen],
  prescriptions: [rx("rx1", "2026-01-01", "2026-01-01T09:00:00Z"), rx("rx2", "2026-01-31", "2026-01-31T09:00:00Z")],
};

/** Every day a request's dosage lines (boundsPeriod, inclusive) say a dose is taken. */
function daysOn(lines: { timing?: { repeat?: { boundsPeriod?: { start?: string; end?: string } } } }[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const b = l.timing!.repeat!.boundsPeriod!;
    for (let d = new Date(`${b.start}T00:00:00Z`); d <= new Date(`${b.end}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1))
      out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

describe("FHIR prescriptions of an on/off cycle regimen", () => {
  it("a prescription starting mid-cycle lists the regimen's own dosing days (cycle counted from the regimen, not the prescription)", () => {
    const requests = courseMedicationRequests(course, () => "Claravis", "2026-02-01");
    const second = requests.find((r) => r.id === "rx-rx2")!;
    const listed = daysOn(second.dosageInstruction as never);
    // The days of its supply (31 Jan to 1 Mar) on which the regimen doses.
    const expected: string[] = [];
    for (let d = new Date("2026-01-31T00:00:00Z"); d <= new Date("2026-03-01T00:00:00Z"); d.setUTCDate(d.getUTCDate() + 1)) {
      const iso = d.toISOString().slice(0, 10);
      if (isDosingDay(regimen.pattern, toDay("2026-01-01"), toDay(iso))) expected.push(iso);
    }
    expect(expected).toEqual(["2026-01-31", "2026-02-01", "2026-02-02", "2026-02-03", "2026-02-04", "2026-02-26", "2026-02-27", "2026-02-28", "2026-03-01"]);
    expect(listed).toEqual(expected);
  });
});
