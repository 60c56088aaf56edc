import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AlertLists } from "@/app/(portal)/dashboard/_components/alert-lists";
import { DashboardCounts } from "@/app/(portal)/dashboard/_components/dashboard-counts";
import { dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { getLabAlerts } from "@/lib/data/labs";
import { listQueuedPregnancyHolds } from "@/lib/data/queued-pregnancy-holds";
import { QUEUED_LAB_RESULT_MESSAGE } from "@/lib/domain/pregnancy";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, CLINICIAN, form, makeUser, testDb, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7 } from "./hl7-helpers";
import { patientOnCourse } from "./pregnancy-fixture";

/**
 * A laboratory's pregnancy test waiting in the queue for a dermatologist stops that patient's prescribing: the
 * dashboard's critical alerts name the patient, with a link to the queue, and count them, until it is filed.
 */
async function sendTo(mrn: string, obx: string, dob = "20000101") {
  const { token } = await makeLabInterface(await makeUser("ADMIN"), `Dashboard lab ${randomUUID().slice(0, 6)}`);
  const controlId = `DQ-${randomUUID().slice(0, 8)}`;
  expect((await postHl7(token, oru(controlId, mrn, [obx], { dob }))).msa[0]).toBe("AA");
  return testDb().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId } } });
}

type Hold = { patientId: string; patientName: string; text: string };
type Panel = { props: { testId: string; count: string | null; lead?: { props: { rows: Hold[]; total: number } } | null } };

/** The critical panel of the dashboard's alert lists, as the page renders it for this dermatologist. */
async function criticalPanel(derm: Parameters<typeof AlertLists>[0]["viewer"]) {
  const panels = await AlertLists({ viewer: derm });
  return (panels.props.children[0].props.children as Panel[]).find((el) => el.props.testId === "critical-alerts")!;
}

describe("the dashboard and a pregnancy test waiting in the queue", () => {
  it("a positive test held for the MRN's patient (another date of birth) is a critical alert naming her, counted, until it is dismissed", async () => {
    const { derm, p } = await patientOnCourse(TODAY);
    const entry = await sendTo(p.mrn, hcg("Positive", "F"), "19991231");
    expect(entry).toMatchObject({ reason: "DOB_MISMATCH", pregnancyTest: true, patientId: null, holdsPatientId: p.id });

    const holds = await listQueuedPregnancyHolds(CLINICIAN, 10_000);
    const mine = holds.rows.find((r) => r.patientId === p.id);
    expect(mine).toEqual({ patientId: p.id, patientName: `${p.lastName}, ${p.firstName}`, text: QUEUED_LAB_RESULT_MESSAGE });
    expect(holds.total).toBe(holds.rows.length);

    actAs(derm);
    const panel = await criticalPanel(derm);
    const lead = panel.props.lead!;
    expect(lead.props.rows.map((r) => r.patientId)).toContain(p.id);
    const results = (await getLabAlerts(CLINICIAN, 1)).criticalCount;
    expect(lead.props.total).toBe(holds.total);
    // The patients shown are recorded, as the panels' other patients are.
    const shown = await testDb().auditEvent.findFirstOrThrow({ where: { actorId: derm.id, action: "patients.view_list" }, orderBy: { id: "desc" } });
    expect(shown.changes).toMatchObject({ section: "dashboard", filters: { part: "alerts" } });
    expect((shown.changes as { patientIds: string[] }).patientIds).toContain(p.id);

    // The count at the top is the panel's count of its results; she is counted in her block's own heading.
    const counts = await DashboardCounts({ role: "DERMATOLOGIST", today: TODAY, page: 1, sort: { key: "progress", dir: "desc" } });
    const critical = counts.props.children[0];
    expect(critical.props.value).toBe(results);

    expect(await dismissHl7ResultAction(IDLE, form({ entryId: entry.id, reason: "Another person: the laboratory confirmed" }))).toMatchObject({
      status: "ok",
    });
    expect((await listQueuedPregnancyHolds(CLINICIAN, 10_000)).rows.map((r) => r.patientId)).not.toContain(p.id);
  });

  it("a plain final negative waiting in the queue is no alert; only a dermatologist reads the list", async () => {
    const { p } = await patientOnCourse(TODAY);
    const entry = await sendTo(p.mrn, hcg("Negative", "F"), "19991231");
    expect(entry).toMatchObject({ pregnancyTest: true, holdsPatientId: p.id });
    expect((await listQueuedPregnancyHolds(CLINICIAN, 10_000)).rows.map((r) => r.patientId)).not.toContain(p.id);
    for (const role of ["NURSE", "STAFF", "ADMIN"] as const) await expect(listQueuedPregnancyHolds({ role }, 10)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
