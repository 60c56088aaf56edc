import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { CourseCard } from "@/app/(portal)/patients/[patientId]/_components/course-card";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { startedAlternateDayCourse } from "./course-fixture";
import { sendConfirmed } from "./confirmations";
import { CLINICIAN, form, TODAY } from "./helpers";

/**
 * The course card's figures of what goes on (the target date and its chart, the day supplied through) agree with each
 * other and are said only while it goes on: 20 mg every other day from 24 Oct 2026 at 60 kg, its first prescription
 * for 30 days supplying it through 22 Nov 2026, heading for its 120 mg/kg target on 11 Oct 2028.
 */
async function card(patientId: string, over: { prescribingStopped?: boolean } = {}) {
  const t = await getPatientTreatment(CLINICIAN, patientId, TODAY);
  return renderToStaticMarkup(createElement(CourseCard, { course: t.courses[0]!, lifetime: t.lifetime, ...over }));
}

const figure = (html: string, testId: string) => new RegExp(`data-testid="${testId}">([^<]*)<`).exec(html)?.[1] ?? null;

async function ended(transition: "STOP" | "COMPLETE", lastDay = TODAY) {
  const { patient, course } = await startedAlternateDayCourse();
  const answer = await sendConfirmed(
    (ack) => transitionCourseAction(IDLE, form({ ack, courseId: course.id, version: String(course.version), transition, date: lastDay, reason: "Ended" })),
    transition === "COMPLETE" ? ["COMPLETED_BELOW_TARGET"] : [],
  );
  expect(answer).toMatchObject({ status: "ok" });
  return patient;
}

describe("the course card while a pregnancy test stops prescribing", () => {
  it("projects a target date nowhere: not in its figure, not in its chart's caption or line", async () => {
    const { patient } = await startedAlternateDayCourse();
    const going = await card(patient.id);
    expect(figure(going, "projected-date")).toBe("11 Oct 2028");
    expect(going).toContain("at the current regimen the target is reached on 11 Oct 2028");

    const stopped = await card(patient.id, { prescribingStopped: true });
    expect(figure(stopped, "projected-date")).toBe("None while prescribing is stopped");
    expect(stopped).not.toContain("the target is reached on");
    expect(stopped).not.toContain("Projected");
  });
});

describe("the day supplied through", () => {
  it("is shown for a course in progress", async () => {
    const { patient } = await startedAlternateDayCourse();
    expect(figure(await card(patient.id), "supplied-through")).toBe("22 Nov 2026");
  });

  it("is not shown while a pregnancy test stops prescribing, nor for a course stopped or completed; its supply gap stays", async () => {
    const { patient } = await startedAlternateDayCourse();
    const held = await card(patient.id, { prescribingStopped: true });
    expect(held).not.toContain('data-testid="supplied-through"');
    for (const transition of ["STOP", "COMPLETE"] as const) {
      const html = await card((await ended(transition)).id);
      expect(html, transition).not.toContain('data-testid="supplied-through"');
      expect(html, transition).toContain('data-testid="supply-gap"');
    }
  });
});

describe("a course completed on a last day still ahead", () => {
  it("goes on until that day: its current regimen and the day supplied through are shown", async () => {
    // Completed today with 30 Nov as its last day: the patient takes 20 mg every other day until then.
    const html = await card((await ended("COMPLETE", "2026-11-30")).id);
    expect(figure(html, "current-regimen")).toBe("20 mg every other day");
    expect(figure(html, "supplied-through")).toBe("22 Nov 2026");
    // Its last day comes before its target: no date the target is reached.
    expect(figure(html, "projected-date")).toBe("—");
  });
});
