import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { recordDispensingAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import PrintSummaryPage from "@/app/(portal)/patients/[patientId]/print/page";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed } from "./confirmations";
import { actAs, form, makeUser, pregnancyTest, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026. A prescription of 22 Nov rests on the negative test of 21 Nov; a positive test collected today
 * stops prescribing, so its line reads "Do not dispense: prescribing is stopped until a dermatologist's review". A
 * nurse then learns from the pharmacy that it was dispensed today, and records it, confirming that it was held that
 * day. docs/DOMAIN.md: such a date "is not refused but asked to be confirmed ... (product choice: the record must say
 * what happened, and the prescriber must see it)". The dermatologist, who reads no audit trail, reads the course card
 * and the printed summary (which share the line under each prescription).
 */
const HOLD = "prescribing is stopped until a dermatologist's review";

async function printedLines(patientId: string) {
  const html = renderToStaticMarkup(await PrintSummaryPage({ params: Promise.resolve({ patientId }) }));
  return [...html.matchAll(/data-testid="rx-dispense"[^>]*>(.*?)<\/span>/g)].map((m) => m[1]!.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'"));
}

/** The line under the prescription of 22 Nov: the regimen history runs newest first, so it is the first line printed. */
const latestLine = async (patientId: string) => (await printedLines(patientId))[0];

describe("a prescription recorded as dispensed on a day a pregnancy hold reached it", () => {
  it("still tells the prescriber, under the prescription, that it was held when it was dispensed", async () => {
    const { derm, p, course, confirm } = await patientOnCourse("2026-10-24");
    await pregnancyTest(p.id, "2026-11-21", derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-22", confirm))).toMatchObject({ status: "ok" });
    const rx = await rxWrittenOn(course.id, "2026-11-22");
    await pregnancyTest(p.id, TODAY, derm.id, "POSITIVE");
    actAs(derm);
    expect(await latestLine(p.id)).toBe(`Do not dispense: ${HOLD}`);

    actAs(await makeUser("NURSE"));
    const version = String((await fresh(course.id)).version);
    const record = (ack: string[]) => recordDispensingAction(IDLE, form({ courseId: course.id, version, prescriptionId: rx.id, dispensedOn: TODAY, ack }));
    expect(await sendConfirmed(record, ["DISPENSED_WHILE_HELD"])).toMatchObject({ status: "ok" });

    // The prescriber's reading of that prescription's line: dispensed today, and that it was held then.
    actAs(derm);
    const line = (await latestLine(p.id))!;
    expect(line).toContain("Dispensed on 23 Nov 2026");
    expect(line).toContain(HOLD);
  });
});
