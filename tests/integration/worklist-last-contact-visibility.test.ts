import { describe, expect, it } from "vitest";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { addOutreachNoteAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { getOutreachHistory, getPatientWorklist } from "@/lib/data/worklist";
import type { PatientWorklistQuery } from "@/lib/data/worklist-pages";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { WORKLIST_COLUMNS } from "@/lib/validation/worklist";
import { actAs, form, testDb, TODAY } from "./helpers";
import { patientOnCourse, positiveTestByNurse } from "./pregnancy-fixture";

/**
 * A patient on a course whose pregnancy test came back positive. A nurse notes a call about the dermatologist's
 * review alone; once the dermatologist has stopped the course and documented a confirmed pregnancy, another about
 * the follow-up alone. Office staff get neither item, nor a call about one (their outreach history leaves such
 * notes out), so the worklist's last contact does not count those calls for them either: it would tell them of
 * calls their history does not show. Clinical roles count them.
 */
async function callsAboutDermatologistItemsOnly() {
  const { derm, p, course } = await patientOnCourse(addDays(TODAY, -30));
  await testDb().patient.update({ where: { id: p.id }, data: { primaryClinicianId: derm.id } });
  const nurse = await positiveTestByNurse(p.id, addDays(TODAY, -1));
  const callAbout = async (kind: "PREG_REVIEW" | "DERM_FOLLOW_UP") => {
    actAs(nurse);
    const items = (await getPatientMonitoring({ role: "NURSE" }, p.id, TODAY)).filter((i) => i.kind === kind);
    expect(items.length, kind).toBeGreaterThan(0);
    const call = form({ patientId: p.id, itemKey: items[0]!.key, outcome: "LEFT_MESSAGE", note: "Asked her to call back" });
    expect(await addOutreachNoteAction(IDLE, call)).toMatchObject({ status: "ok" });
  };
  await callAbout("PREG_REVIEW");
  actAs(derm);
  const stop = form({ courseId: course.id, version: String(course.version), transition: "STOP", date: TODAY, reason: "Positive pregnancy test" });
  expect(await transitionCourseAction(IDLE, stop)).toMatchObject({ status: "ok" });
  const positive = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id, valueQualitative: "POSITIVE" } });
  const decide = form({ patientId: p.id, labResultId: positive.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG confirmed" });
  expect(await recordPregnancyDecisionAction(IDLE, decide)).toMatchObject({ status: "ok" });
  await callAbout("DERM_FOLLOW_UP");
  return { p, derm };
}

/** The patient's last contact on the worklist as `role` reads it, in every order, searched for and by the clinician's filter. */
async function lastContacts(role: "STAFF" | "NURSE", p: { id: string; mrn: string }, clinicianId: string) {
  const seen: (string | null)[] = [];
  const read = async (q: Omit<PatientWorklistQuery, "page">, pageSize = 25) => {
    const { rows } = await getPatientWorklist({ role }, TODAY, { ...q, page: 1 }, pageSize);
    const row = rows.find((r) => r.patientId === p.id);
    expect(row, JSON.stringify(q)).toBeDefined();
    seen.push(row!.lastContactAt);
  };
  for (const sort of WORKLIST_COLUMNS)
    for (const dir of ["asc", "desc"] as const) {
      await read({ search: p.mrn, sort, dir });
      await read({ clinicianId, sort, dir });
    }
  // Unfiltered, earliest due first: its own walk of the open items.
  await read({ sort: "due", dir: "asc" }, 100_000);
  return seen;
}

describe("the worklist's last contact counts only the calls the role's outreach history shows", () => {
  it("office staff: no contact, in every order and walk; a nurse: the calls", async () => {
    const { p, derm } = await callsAboutDermatologistItemsOnly();
    expect((await getOutreachHistory({ role: "STAFF" }, [p.id])).get(p.id)).toEqual([]);
    expect(new Set(await lastContacts("STAFF", p, derm.id))).toEqual(new Set([null]));
    const lastCall = await testDb().outreachNote.findFirstOrThrow({ where: { patientId: p.id }, orderBy: { createdAt: "desc" } });
    expect((await getOutreachHistory({ role: "NURSE" }, [p.id])).get(p.id)).toHaveLength(2);
    expect(new Set(await lastContacts("NURSE", p, derm.id))).toEqual(new Set([lastCall.createdAt.toISOString()]));
  });
});
