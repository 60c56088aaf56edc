import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { transitionCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import PrintSummaryPage from "@/app/(portal)/patients/[patientId]/print/page";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm } from "./pregnancy-fixture";
import { requestOf } from "./dispense-hold-fixture";

/**
 * Today is 23 Nov 2026. "Dispense: …" under a prescription tells the pharmacy to fill it. A prescription that was
 * never recorded as dispensed and can no longer be (its course has ended, or the last day it could be dispensed has
 * passed) says what one fill was and why it is not to be dispensed, instead of the instruction, and its FHIR request
 * says the same (never `completed`). 40 mg daily, 30 days: 60 × 20 mg capsules.
 */
async function printedLines(patientId: string) {
  actAs(await makeUser("NURSE"));
  const html = renderToStaticMarkup(await PrintSummaryPage({ params: Promise.resolve({ patientId }) }));
  return [...html.matchAll(/data-testid="rx-dispense">(.*?)<\/span>/g)].map((m) => m[1]!.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'"));
}

describe("a prescription that can no longer be dispensed", () => {
  it("past its last day to be dispensed reads what one fill was and that the day has passed", async () => {
    const { p } = await patientOnCourse("2026-10-24");
    const first = await testDb().prescription.findFirstOrThrow({ where: { course: { patientId: p.id } } });
    expect(first.dispenseBy!.toISOString().slice(0, 10)).toBe("2026-10-28");
    expect(await printedLines(p.id)).toEqual([
      "One fill: 60 × 20 mg capsules (30 days) · not to be dispensed: its last day to be dispensed, 28 Oct 2026, has passed",
    ]);
    // The FHIR export agrees: never dispensed, its supply begun on 24 Oct, it was stopped, not completed.
    expect(await requestOf(p.id, first.id)).toMatchObject({
      status: "stopped",
      statusReason: { text: "Not to be dispensed: its last day to be dispensed, 28 Oct 2026, has passed" },
    });
  });

  it("on a course stopped today reads that the course ended, even after a positive pregnancy test", async () => {
    const { derm, p, course, confirm } = await patientOnCourse("2026-10-24");
    await pregnancyTest(p.id, "2026-11-21", derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY, confirm))).toMatchObject({ status: "ok" });
    await pregnancyTest(p.id, TODAY, derm.id, "POSITIVE");
    actAs(derm);
    const stop = form({ courseId: course.id, version: String((await fresh(course.id)).version), transition: "STOP", date: TODAY, reason: "Positive test" });
    expect(await transitionCourseAction(IDLE, stop)).toMatchObject({ status: "ok" });
    const lines = await printedLines(p.id);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^One fill: 60 × 20 mg capsules \(30 days\) · not to be dispensed: the course ended on 23 Nov 2026$/);
    // To a FHIR client, neither was completed: both were stopped (each one's supply had begun by the course's last
    // day), for the same reason.
    const rxs = await testDb().prescription.findMany({ where: { courseId: course.id }, orderBy: { writtenOn: "asc" } });
    expect(rxs).toHaveLength(2);
    for (const rx of rxs)
      expect(await requestOf(p.id, rx.id)).toMatchObject({ status: "stopped", statusReason: { text: "Not to be dispensed: the course ended on 23 Nov 2026" } });
  });
});
