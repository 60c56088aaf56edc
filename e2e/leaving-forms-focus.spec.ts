import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { transitionCourse } from "../lib/data/transition-course";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import type { Locator, Page } from "@playwright/test";
import { createSpecPatient, createUser, recordLabs, startSpecCourse, type SpecUser } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

// A form that leaves the page once it succeeds (a test decided, a course ended) keeps its answer where it was:
// announced (role=status) and with the focus, whether it was sent with its button or with Enter. A form that
// stays (a pause) keeps its own answer, as before.
test.use({ storageState: storageStateFor("DERMATOLOGIST") });

/** The answer left in `place`: announced, focused, and the focus not dropped to the page. */
async function expectLeftAnswer(place: Locator, text: string) {
  const answer = place.getByRole("status").filter({ hasText: text });
  await expect(answer).toHaveCount(1);
  await expect(answer).toBeFocused();
  expect(await place.page().evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
}

/** A patient who can become pregnant with a positive laboratory test today and no course. */
async function positiveWithoutCourse(derm: SpecUser) {
  const patient = await createSpecPatient(derm, { canBecomePregnant: true });
  await recordLabs(patient, derm, clinicToday(), { "2106-3": "POSITIVE" }, "LAB");
  return patient;
}

async function decide(page: Page, submit: "button" | "Enter") {
  const form = page.getByTestId("form-decision");
  await form.getByText(/^Document a decision on the test of/).click();
  const reason = form.getByLabel("Reason and action taken");
  await hydrated(reason);
  await form.getByLabel("Decision").selectOption("PREGNANCY_CONFIRMED");
  await reason.fill("Serum hCG confirmed");
  if (submit === "Enter") await reason.press("Enter");
  else await form.getByRole("button", { name: "Document decision" }).click();
  await expect(page.getByTestId("pregnancy-decisions")).toContainText("Pregnancy confirmed: treatment stopped · Serum hCG confirmed");
  await expect(page.getByTestId("form-decision")).toHaveCount(0);
}

test("a pregnancy decision documented with its button or with Enter keeps its answer where the form was, with the focus", async ({ page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const [byButton, byEnter] = [await positiveWithoutCourse(derm), await positiveWithoutCourse(derm)];
  const section = page.locator("section#pregnancy");

  await page.goto(`/patients/${byButton.id}`);
  // No course to stop: the banner asks for the decision only.
  await expect(page.getByTestId("pregnancy-alert").getByTestId("stop-first")).toHaveText("No dose is due after today: record the decision.");
  await decide(page, "button");
  await expectLeftAnswer(section, "Decision documented.");

  await page.goto(`/patients/${byEnter.id}`);
  await decide(page, "Enter");
  await expectLeftAnswer(section, "Decision documented.");
});

/** Opens the course's status form and fills it; the caller sends it. */
async function fillStatus(page: Page, transition: "STOP" | "COMPLETE" | "PAUSE", reason: string) {
  const panel = page.getByTestId("panel-status");
  await panel.getByText("Pause, resume, complete or stop").click();
  const field = panel.getByLabel("Reason");
  await hydrated(field);
  await panel.getByLabel("Action").selectOption(transition);
  await panel.getByLabel("Date").fill(clinicToday());
  await field.fill(reason);
  return { panel, field };
}

test("a course stopped early, completed or ended earlier, with its button or with Enter, keeps its answer at the course, with the focus", async ({ page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patients = [await createSpecPatient(derm), await createSpecPatient(derm), await createSpecPatient(derm), await createSpecPatient(derm)];
  const courseIds = [];
  for (const p of patients) courseIds.push(await startSpecCourse(p, derm, 30));
  // The third's course already ends ten days ahead: it is ended earlier, today.
  const ahead = await db.course.findUniqueOrThrow({ where: { id: courseIds[2] }, select: { version: true } });
  await transitionCourse(derm, {
    courseId: courseIds[2]!,
    version: ahead.version,
    transition: "STOP",
    date: addDays(clinicToday(), 10),
    reason: "Planned end",
  });
  page.on("dialog", (dialog) => void dialog.accept());
  const card = page.getByTestId("course-card");

  // Stopped early with the button.
  await page.goto(`/patients/${patients[0]!.id}`);
  const stop = await fillStatus(page, "STOP", "Positive pregnancy test");
  await stop.panel.getByRole("button", { name: "Update course" }).click();
  await expect(card).toContainText("Ended: Positive pregnancy test");
  await expect(page.getByTestId("panel-status")).toHaveCount(0);
  await expectLeftAnswer(card, "Course updated.");

  // Completed below its target with Enter: the warning is asked and confirmed on the form, then the form leaves.
  await page.goto(`/patients/${patients[1]!.id}`);
  const complete = await fillStatus(page, "COMPLETE", "Clear skin");
  await complete.field.press("Enter");
  await complete.panel.getByLabel(/I confirm this is intended/).check();
  await complete.field.press("Enter");
  await expect(card).toContainText("Ended: Clear skin");
  await expectLeftAnswer(card, "Course updated.");

  // Its end moved earlier, to today, with Enter.
  await page.goto(`/patients/${patients[2]!.id}`);
  const earlier = page.getByTestId("panel-end-earlier");
  await earlier.getByText(/^End earlier than/).click();
  const reason = earlier.getByLabel("Reason");
  await hydrated(reason);
  await earlier.getByLabel("Last day taken").fill(clinicToday());
  await reason.fill("Stopped at the visit");
  await reason.press("Enter");
  await expect(card).toContainText("Ended: Stopped at the visit");
  await expect(page.getByTestId("panel-end-earlier")).toHaveCount(0);
  await expectLeftAnswer(card, "Course updated.");

  // Paused with the button: the form stays, and so does its answer, which takes the focus; nothing is left elsewhere.
  await page.goto(`/patients/${patients[3]!.id}`);
  const pause = await fillStatus(page, "PAUSE", "Travelling");
  await pause.panel.getByRole("button", { name: "Update course" }).click();
  await expect(pause.panel.getByTestId("form-ok")).toHaveText("Course updated.");
  await expect(pause.panel.getByTestId("form-ok")).toBeFocused();
  await expect(card.getByRole("status")).toHaveCount(0);
});

test("a course reopened with Enter keeps its answer at the course, with the focus", async ({ page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  const courseId = await startSpecCourse(patient, derm, 30);
  const { version } = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { version: true } });
  await transitionCourse(derm, { courseId, version, transition: "STOP", date: clinicToday(), reason: "Stopped at the visit" });
  await page.goto(`/patients/${patient.id}`);
  const panel = page.getByTestId("panel-reopen");
  await panel.getByText("Reopen this course").click();
  const reason = panel.getByLabel("Reason");
  await hydrated(reason);
  await reason.fill("Stopped by mistake");
  await reason.press("Enter");
  await expect(page.getByTestId("panel-reopen")).toHaveCount(0);
  await expectLeftAnswer(page.getByTestId("course-card"), "Course reopened");
});

test("a positive test's banner asks for the course to be stopped, links to its form, and once it is, asks only for the decision", async ({ page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm, { canBecomePregnant: true });
  await startSpecCourse(patient, derm, 30, { canBecomePregnant: true });
  await recordLabs(patient, derm, clinicToday(), { "2106-3": "POSITIVE" }, "LAB");
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(`/patients/${patient.id}`);
  const instruction = page.getByTestId("pregnancy-alert").getByTestId("stop-first");
  await expect(instruction).toContainText("Stop or pause the course from today, then record the decision.");
  const link = instruction.getByRole("link", { name: `Stop or pause the course started ${formatDate(addDays(clinicToday(), -30))}` });
  await hydrated(link);
  await link.click();
  const panel = page.getByTestId("panel-status");
  await expect(panel).toHaveAttribute("open", "");
  await expect(panel.locator("summary")).toBeFocused();
  await expect(panel.locator("summary")).toBeInViewport();

  await panel.getByLabel("Action").selectOption("STOP");
  await panel.getByLabel("Reason").fill("Positive pregnancy test");
  await panel.getByRole("button", { name: "Update course" }).click();
  await expectLeftAnswer(page.getByTestId("course-card"), "Course updated.");
  await expect(instruction).toHaveText("No dose is due after today: record the decision.");
  await expect(instruction.getByRole("link")).toHaveCount(0);
});
