import { randomUUID } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import PrintSummaryPage from "@/app/(portal)/patients/[patientId]/print/page";
import { changeDoseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { recordLabPanel } from "@/lib/data/labs";
import { addDays } from "@/lib/domain/dates";
import { formatDate } from "@/lib/format";
import { IDLE } from "@/lib/validation/action-result";
import { courseVersion, dosedCourse } from "./course-fixture";
import { actAs, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";

/** The printed summary reads a result as the chart does: an open range, and where a pregnancy test was done. */
describe("printed summary", () => {
  it("prints an open reference range as the chart shows it and names where each pregnancy test was done", async () => {
    const nurse = await makeUser("NURSE");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const hdl = await testDb().labTest.findFirstOrThrow({ where: { code: "2085-9" } });
    await recordLabPanel(
      { id: nurse.id, role: "NURSE" },
      { patientId: p.id, submissionId: randomUUID(), specimenDate: "2026-11-20", values: [{ labTestId: hdl.id, value: "52" }] },
      TODAY,
    );
    await pregnancyTest(p.id, "2026-11-19", nurse.id, "NEGATIVE", "HOME");
    actAs(nurse);
    const html = renderToStaticMarkup(await PrintSummaryPage({ params: Promise.resolve({ patientId: p.id }) }));
    const labs = html.slice(html.indexOf('data-testid="print-labs"'));
    const row = (name: string) => labs.slice(labs.indexOf(`<td>${name}</td>`), labs.indexOf("</tr>", labs.indexOf(`<td>${name}</td>`)));
    // HDL has a lower limit only: "≥ 40", never "40–".
    expect(row("HDL cholesterol")).toContain("<td>≥ 40</td>");
    expect(row("HDL cholesterol")).not.toContain("40–");
    expect(row("hCG, urine (qualitative)")).toContain("done at home");
  });
});

describe("printed regimen history", () => {
  it("prints a dose change voided as entered in error as such, struck through with who voided it and why, never as a dose in force", async () => {
    const { patient, versions } = await dosedCourse([
      [addDays(TODAY, -40), 20],
      [addDays(TODAY, -5), 40],
    ]);
    expect(await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: versions[1]!.id, reason: "Typed for the wrong patient" }))).toMatchObject({
      status: "ok",
    });
    const html = renderToStaticMarkup(await PrintSummaryPage({ params: Promise.resolve({ patientId: patient.id }) }));
    const history = html.slice(html.indexOf("Regimen history"));
    const rowOf = (date: string) => {
      const at = history.indexOf(`<td class="whitespace-nowrap">${formatDate(date)}</td>`);
      return at < 0 ? "" : history.slice(at, history.indexOf("</tr>", at));
    };
    const voided = rowOf(addDays(TODAY, -5));
    expect(voided).toContain("<del>40 mg daily</del>");
    expect(voided).toContain("Entered in error: Typed for the wrong patient");
    // The dose in force is the first one, printed as it is.
    expect(rowOf(addDays(TODAY, -40))).toContain("20 mg daily · test");
    expect(rowOf(addDays(TODAY, -40))).not.toContain("<del>");
  });

  it("prints a corrected dose change as the course card does: the superseded entry struck through, the correction marked, newest first", async () => {
    const { patient, course, versions } = await dosedCourse([
      [addDays(TODAY, -40), 20],
      [addDays(TODAY, -20), 40],
    ]);
    const corrected = await changeDoseAction(
      IDLE,
      form({
        courseId: course.id,
        version: await courseVersion(course.id),
        effectiveFrom: addDays(TODAY, -20),
        reason: "Typed 40, was 30",
        mgPerIntake: "30",
        pattern: "DAILY",
        supersedesId: versions[1]!.id,
      }),
    );
    expect(corrected).toMatchObject({ status: "ok" });
    const html = renderToStaticMarkup(await PrintSummaryPage({ params: Promise.resolve({ patientId: patient.id }) }));
    const history = html.slice(html.indexOf("Regimen history"));
    const rows = history.split("<tr>").slice(2); // the head's row first
    const dated = (date: string) => rows.filter((r) => r.includes(`<td class="whitespace-nowrap">${formatDate(date)}</td>`));
    // The entry corrected stays, struck through and said to be superseded; its correction says it is one.
    const changed = dated(addDays(TODAY, -20));
    expect(changed).toHaveLength(2);
    expect(changed.find((r) => r.includes("<del>40 mg daily</del>"))).toContain("(superseded)");
    expect(changed.find((r) => r.includes("30 mg daily"))).toContain("30 mg daily · Typed 40, was 30 (correction)");
    // Newest first, as on the card: the change of 20 days ago before the starting dose of 40 days ago.
    expect(rows.findIndex((r) => r.includes(formatDate(addDays(TODAY, -20))))).toBeLessThan(rows.findIndex((r) => r.includes(formatDate(addDays(TODAY, -40)))));
  });
});
