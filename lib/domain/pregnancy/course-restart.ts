import { formatDate } from "@/lib/format";
import type { IsoDate } from "../dates";
import type { PregnancyHistory } from "./history";
import { heldBy, prescribingStoppedBy } from "./pregnancy-tests";
import type { RulesOn } from "./rules";

/** The ways a course becomes active again, as the refusal says them. */
export type CourseRestart =
  "resumed" | "reopened" | "made active again by voiding its pause" | "given a new dose from today (a dose taken before today is recorded with its own date)";

/**
 * A course is not made active again while a positive or indeterminate test stops prescribing: the same
 * stop the prescribing check applies, whatever the category (no decision yet; or a decision, a confirmed
 * pregnancy among them, that no negative test collected on a later day has answered; or a pregnancy test
 * result the rules cannot read yet: heldBy). An active course
 * accrues dose by its schedule and asks for a renewal no prescription may answer; nor is a new dose given to a
 * course from today, active or paused: it is paused or stopped until the stop ends. Returns the refusal,
 * naming each test that stops it, or null when nothing does.
 */
export function courseRestartRefusal(
  h: Pick<PregnancyHistory, "tests" | "clearances" | "queuedLabResults" | "unreadPregnancyResults">,
  asOf: IsoDate,
  rulesOn: RulesOn,
  restart: CourseRestart,
): string | null {
  const stopping = prescribingStoppedBy(h, asOf, rulesOn);
  const queued = heldBy(h).map((held) => `${held.text}.`);
  if (stopping.length === 0 && queued.length === 0) return null;
  const reasons = stopping.map(({ test }) => {
    const named = `${test.result === "POSITIVE" ? "positive" : "indeterminate"} pregnancy test on ${formatDate(test.specimenDate)}`;
    const article = test.result === "POSITIVE" ? "A" : "An";
    const decision = h.clearances.find((c) => c.testId === test.id && c.decidedOn <= asOf);
    if (!decision) return `${article} ${named} has no documented dermatologist decision.`;
    if (decision.outcome === "PREGNANCY_CONFIRMED")
      return `A pregnancy was confirmed on ${formatDate(decision.decidedOn)} (the ${named}), and no negative test has been collected since.`;
    return `${article} ${named} has a documented decision, but no negative test has been collected since.`;
  });
  return `${[...reasons, ...queued].join(" ")} Prescribing is stopped, so this course cannot be ${restart}.`;
}
