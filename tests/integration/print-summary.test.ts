import { randomUUID } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import PrintSummaryPage from "@/app/(portal)/patients/[patientId]/print/page";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { recordLabPanel } from "@/lib/data/labs";
import { addDays } from "@/lib/domain/dates";
import { formatDate } from "@/lib/format";
import { IDLE } from "@/lib/validation/action-result";
import { dosedCourse } from "./course-fixture";
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
});
