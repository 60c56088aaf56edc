import { describe, expect, it } from "vitest";
import { addOutreachNoteAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { getLatestOutreachNotes } from "@/lib/data/outreach-notes";
import { getOutreachHistory } from "@/lib/data/worklist";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, TODAY } from "./helpers";
import { patientOnCourse, positiveTestByNurse } from "./pregnancy-fixture";

const WORDS = "Spoke about the positive test and the lipids";
const PLAIN = "Asked her to book the lipids";

/**
 * A patient on a course whose pregnancy test came back positive, so a dermatologist's review waits. A nurse
 * notes one call about the review and another open item together, in words about both; later another call
 * about that item alone. Office staff, who never get the review, read the first call under the other item but
 * not its words; clinical roles read them.
 */
async function callAboutReviewAndAnotherItem() {
  const { p } = await patientOnCourse(addDays(TODAY, -30));
  const nurse = await positiveTestByNurse(p.id, addDays(TODAY, -1));
  actAs(nurse);
  const items = await getPatientMonitoring({ role: "NURSE" }, p.id, TODAY);
  const review = items.find((i) => i.kind === "PREG_REVIEW");
  const other = items.find((i) => i.kind !== "PREG_REVIEW" && ["DUE", "DUE_SOON", "OVERDUE"].includes(i.status));
  expect(review, "the review").toBeDefined();
  expect(other, "another open item").toBeDefined();
  const both = form({ patientId: p.id, itemKey: [review!.key, other!.key], outcome: "REACHED", note: WORDS });
  expect(await addOutreachNoteAction(IDLE, both)).toMatchObject({ status: "ok" });
  return { p, nurse, other: other! };
}

describe("a call that also covered an item only clinicians get", () => {
  it("office staff read it under the other item without its words; a nurse reads them", async () => {
    const { p, other } = await callAboutReviewAndAnotherItem();
    const staffHistory = (await getOutreachHistory({ role: "STAFF" }, [p.id])).get(p.id)!;
    expect(staffHistory).toHaveLength(1);
    expect(staffHistory[0]).toMatchObject({ type: "call", note: "Note shown to clinicians only.", outcome: "REACHED" });
    expect(JSON.stringify(staffHistory)).not.toContain("positive");
    expect((await getLatestOutreachNotes({ role: "STAFF" }, p.id)).get(other.key)?.note).toBe("Note shown to clinicians only.");

    const nurseHistory = (await getOutreachHistory({ role: "NURSE" }, [p.id])).get(p.id)!;
    expect(nurseHistory).toHaveLength(1);
    expect(nurseHistory[0]).toMatchObject({ type: "call", note: WORDS });
    expect((await getLatestOutreachNotes({ role: "NURSE" }, p.id)).get(other.key)?.note).toBe(WORDS);
  });

  it("a later call about the other item alone reads in full for office staff", async () => {
    const { p, other } = await callAboutReviewAndAnotherItem();
    const alone = form({ patientId: p.id, itemKey: other.key, outcome: "LEFT_MESSAGE", note: PLAIN });
    expect(await addOutreachNoteAction(IDLE, alone)).toMatchObject({ status: "ok" });
    const staffHistory = (await getOutreachHistory({ role: "STAFF" }, [p.id])).get(p.id)!;
    expect(staffHistory.map((e) => (e.type === "call" ? e.note : null))).toEqual([PLAIN, "Note shown to clinicians only."]);
    expect((await getLatestOutreachNotes({ role: "STAFF" }, p.id)).get(other.key)?.note).toBe(PLAIN);
  });
});
