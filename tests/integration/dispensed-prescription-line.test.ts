import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import PrintSummaryPage from "@/app/(portal)/patients/[patientId]/print/page";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, CLINICIAN, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";
import { cannotBecomePregnantOnCourse, requestOf } from "./dispense-hold-fixture";

/**
 * Today is 23 Nov 2026 (iPLEDGE with the 2026 modification). A prescription the pharmacy has dispensed (its dispensed
 * date recorded) was filled: "Do not dispense" under it, once a positive pregnancy test stops prescribing, would tell
 * the reader of the course card or the printed summary nothing true. Its line says when it was dispensed, with what
 * one fill dispenses; only one with refills still says not to dispense them. 40 mg daily, 30 days: 60 × 20 mg capsules.
 */
const ROLES = ["STAFF", "NURSE", "DERMATOLOGIST"] as const;
const STOPPED = "prescribing is stopped until a dermatologist's review";

/** The lines under the prescriptions of the printed summary, read by a nurse. */
async function printedLines(patientId: string) {
  actAs(await makeUser("NURSE"));
  const html = renderToStaticMarkup(await PrintSummaryPage({ params: Promise.resolve({ patientId }) }));
  return [...html.matchAll(/data-testid="rx-dispense">(.*?)<\/span>/g)].map((m) => m[1]!.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'"));
}

describe("a prescription already dispensed, once a pregnancy test stops prescribing", () => {
  it("reads dispensed on its day, not do not dispense, on the printed summary and the banner", async () => {
    const { derm, p, course, confirm } = await patientOnCourse("2026-10-24");
    await pregnancyTest(p.id, "2026-11-21", derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY, { ...confirm, dispensedOn: TODAY }))).toMatchObject({ status: "ok" });
    const rx = await rxWrittenOn(course.id, TODAY);
    // Before the stop: no countdown to its dispense-by date either, as it was dispensed.
    expect((await getPregnancyOverview(CLINICIAN, p.id, TODAY))?.summary).not.toContain("dispense by");

    await pregnancyTest(p.id, TODAY, derm.id, "POSITIVE");
    // Newest first, as on the course card: today's, then the course's first prescription, of 24 Oct (its supply ended
    // yesterday, its last day to be dispensed long past).
    expect(await printedLines(p.id)).toEqual([
      "Dispensed on 23 Nov 2026 · one fill: 60 × 20 mg capsules (30 days)",
      "One fill: 60 × 20 mg capsules (30 days) · not to be dispensed: its last day to be dispensed, 28 Oct 2026, has passed",
    ]);
    for (const role of ROLES)
      expect(await getPregnancyOverview({ role }, p.id, TODAY), role).toMatchObject({
        prescribingStopped: true,
        dispenseBy: null,
        doNotDispense: null,
        heldPrescriptions: { [rx.id]: { dispensedOn: TODAY, hold: null } },
      });
    // A client of the FHIR export reads the same: dispensed that day, nothing held (it has no refill to hold).
    const request = await requestOf(p.id, rx.id);
    expect(request).toMatchObject({ status: "active", note: [{ time: TODAY, text: "Dispensed on 23 Nov 2026" }] });
    expect(request.statusReason).toBeUndefined();
    expect(JSON.stringify(request)).not.toMatch(/do not dispense/i);
  });

  it("with refills, says not to dispense a refill", async () => {
    // A patient who cannot become pregnant, on a course from 13 Nov; its prescription has 2 refills (as the EU/UK
    // programme allows her; arranged as the row) and was dispensed on its first day.
    const { derm, p, rx } = await cannotBecomePregnantOnCourse("2026-11-13");
    await testDb().prescription.update({ where: { id: rx.id }, data: { refills: 2, dispensedOn: new Date("2026-11-13T00:00:00Z") } });
    await pregnancyTest(p.id, TODAY, derm.id, "POSITIVE");

    const held = `Do not dispense a refill: ${STOPPED}`;
    expect(await printedLines(p.id)).toEqual([`Dispensed on 13 Nov 2026 · ${held}`]);
    for (const role of ROLES)
      expect(await getPregnancyOverview({ role }, p.id, TODAY), role).toMatchObject({
        dispenseBy: null,
        doNotDispense: { prescriptionId: rx.id, reasons: ["PRESCRIBING_STOPPED"], text: held },
        heldPrescriptions: { [rx.id]: { dispensedOn: "2026-11-13", hold: held } },
      });
    // The FHIR export holds its refills, in the same words, and says when it was dispensed.
    expect(await requestOf(p.id, rx.id)).toMatchObject({
      status: "on-hold",
      statusReason: { text: held },
      note: [{ time: "2026-11-13", text: "Dispensed on 13 Nov 2026" }],
    });
  });
});
