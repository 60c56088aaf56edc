import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordLabPanelAction, waiveItemAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import type { Role } from "@/lib/auth/permissions";
import { getAuditReport } from "@/lib/data/audit-report";
import { getCourseSummaryPage } from "@/lib/data/course-summary-page";
import { countHl7Queue, listHl7Queue } from "@/lib/data/hl7-queue";
import { listRecentJobs } from "@/lib/data/jobs";
import { getLabAlertPage, getLabAlerts, getPatientLabs } from "@/lib/data/labs";
import { listRepeatNotices } from "@/lib/data/repeat-notices";
import { getPatientMonitoring, getWorklist } from "@/lib/data/monitoring";
import { getLatestOutreachNotes } from "@/lib/data/outreach-notes";
import { getPatientDetailHistory } from "@/lib/data/patient-detail-history";
import { getPatientHeader } from "@/lib/data/patient-header";
import { getPatient, searchPatients } from "@/lib/data/patients";
import { getPregnancyFollowUps } from "@/lib/data/pregnancy-follow-ups";
import { getPretreatmentChecklist } from "@/lib/data/pretreatment-checklist";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { latestWeight } from "@/lib/data/record-weight";
import { listConfigVersions } from "@/lib/data/settings";
import { getPatientTreatment } from "@/lib/data/treatment";
import { listUsers } from "@/lib/data/users";
import { getOutreachHistory, getPatientWorklist } from "@/lib/data/worklist";
import { addDays } from "@/lib/domain/dates";
import { listApiClients } from "@/lib/fhir/clients";
import { listLabInterfaces } from "@/lib/hl7/interfaces";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, form, makePatient, makeUser, readyForFirstPrescription, testDb, TODAY } from "./helpers";

const forbidden = { code: "FORBIDDEN", message: "You do not have permission to see this." };
const ROLES = ["DERMATOLOGIST", "NURSE", "STAFF", "ADMIN"] as const;
const RESULT_WORDS = /negative|positive|indeterminate/i;
/** The waiver's free text names a value (612 mg/dL) that only clinical roles may read. */
const WAIVER_TEXT = "Outside laboratory triglycerides 612 mg/dL reviewed";

/**
 * One patient on a course (started 30 days ago, after the tests and contraception a first prescription
 * needs), with a triglyceride value of 700, a positive pregnancy test awaiting a decision, and the baseline
 * lipids item waived with a reason that names a value.
 */
let scenario: Promise<{ patientId: string; mrn: string }> | null = null;
function patientWithResults() {
  scenario ??= (async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const start = addDays(TODAY, -30);
    const confirm = await readyForFirstPrescription(p.id, start, derm.id);
    const course = form({
      ...{ patientId: p.id, indication: "ACNE_NODULAR", regimenIntent: "STANDARD", startDate: start, targetMgPerKg: "120", startWeightKg: "60" },
      ...{ product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", refills: "0", mgPerIntake: "40", pattern: "DAILY", counseled: "on", ...confirm },
    });
    expect(await callAction(() => startCourseAction(IDLE, course))).toEqual({ redirect: `/patients/${p.id}` });
    const lipids = (await getPatientMonitoring({ role: "DERMATOLOGIST" }, p.id, TODAY)).find((i) => i.kind === "BASELINE_LIPIDS")!;
    expect(await waiveItemAction(IDLE, form({ patientId: p.id, itemKey: lipids.key, reason: WAIVER_TEXT }))).toMatchObject({ status: "ok" });
    const tests = await testDb().labTest.findMany({ where: { code: { in: ["2571-8", "2118-8"] } } });
    const id = (code: string) => tests.find((t) => t.code === code)!.id;
    actAs(await makeUser("NURSE"));
    const panel = (values: Record<string, string>, date: string) =>
      recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: date, pregnancyTestSetting: "LAB", ...values }));
    expect(await panel({ [`value:${id("2571-8")}`]: "700" }, addDays(TODAY, -3))).toMatchObject({ status: "ok" });
    expect(await panel({ [`value:${id("2118-8")}`]: "POSITIVE" }, addDays(TODAY, -2))).toMatchObject({ status: "ok" });
    return { patientId: p.id, mrn: p.mrn };
  })();
  return scenario;
}

/** Every read function that takes the viewer, with the roles that may call it (written out, not derived). */
type Reader = { id: string; role: Role };
const READS: { name: string; allowed: readonly Role[]; call: (viewer: Reader, p: { patientId: string; mrn: string }) => Promise<unknown> }[] = [
  { name: "searchPatients", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (v, p) => searchPatients(v, p.mrn, 1) },
  { name: "getPatient", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (v, p) => getPatient(v, p.patientId) },
  { name: "getPatientDetailHistory", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (v, p) => getPatientDetailHistory(v, p.patientId) },
  { name: "getPatientHeader", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (v, p) => getPatientHeader(v, p.patientId, TODAY) },
  { name: "getPregnancyOverview", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (v, p) => getPregnancyOverview(v, p.patientId, TODAY) },
  { name: "getPatientMonitoring", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (v, p) => getPatientMonitoring(v, p.patientId, TODAY) },
  { name: "getLatestOutreachNotes", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (v, p) => getLatestOutreachNotes(v, p.patientId) },
  { name: "getWorklist", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (v) => getWorklist(v, TODAY, { sort: "days" }) },
  {
    name: "getPatientWorklist",
    allowed: ["DERMATOLOGIST", "NURSE", "STAFF"],
    call: (v, p) => getPatientWorklist(v, TODAY, { search: p.mrn, sort: "due", dir: "asc", page: 1 }, 10),
  },
  { name: "getOutreachHistory", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (v, p) => getOutreachHistory(v, [p.patientId]) },
  { name: "getPatientLabs", allowed: ["DERMATOLOGIST", "NURSE"], call: (v, p) => getPatientLabs(v, p.patientId) },
  { name: "getLabAlerts", allowed: ["DERMATOLOGIST", "NURSE"], call: (v) => getLabAlerts(v, 1) },
  { name: "getLabAlertPage", allowed: ["DERMATOLOGIST", "NURSE"], call: (v) => getLabAlertPage(v, "abnormal", { limit: 1, offset: 0 }) },
  { name: "getPatientTreatment", allowed: ["DERMATOLOGIST", "NURSE"], call: (v, p) => getPatientTreatment(v, p.patientId, TODAY) },
  { name: "getPregnancyFollowUps", allowed: ["DERMATOLOGIST", "NURSE"], call: (v, p) => getPregnancyFollowUps(v, p.patientId, TODAY) },
  { name: "getPretreatmentChecklist", allowed: ["DERMATOLOGIST", "NURSE"], call: (v, p) => getPretreatmentChecklist(v, p.patientId, TODAY) },
  { name: "latestWeight", allowed: ["DERMATOLOGIST", "NURSE"], call: (v, p) => latestWeight(v, p.patientId) },
  { name: "listHl7Queue", allowed: ["DERMATOLOGIST", "NURSE"], call: (v) => listHl7Queue(v, 1) },
  { name: "getCourseSummaryPage", allowed: ["DERMATOLOGIST"], call: (v) => getCourseSummaryPage(v, { limit: 1, offset: 0 }) },
  { name: "listConfigVersions", allowed: ["DERMATOLOGIST"], call: (v) => listConfigVersions(v) },
  { name: "listRepeatNotices", allowed: ["DERMATOLOGIST"], call: (v) => listRepeatNotices(v, 1) },
  { name: "listUsers", allowed: ["ADMIN"], call: (v) => listUsers(v) },
  { name: "listRecentJobs", allowed: ["ADMIN"], call: (v) => listRecentJobs(v, 1) },
  { name: "getAuditReport", allowed: ["ADMIN"], call: (v) => getAuditReport(v, { page: 1 }, 1) },
  { name: "listApiClients", allowed: ["ADMIN"], call: (v) => listApiClients(v) },
  { name: "listLabInterfaces", allowed: ["ADMIN"], call: (v) => listLabInterfaces(v) },
];

describe("read functions answer by the viewer's role, whatever the caller checked", () => {
  it("each read refuses every role not allowed it, and answers the others", async () => {
    const p = await patientWithResults();
    // Real users: a read that records what it showed (the lab queue) writes its audit row as the reader.
    const readers = new Map<Role, Reader>();
    for (const role of ROLES) readers.set(role, await makeUser(role));
    const answered: string[] = [];
    for (const read of READS)
      for (const role of ROLES) {
        if (read.allowed.includes(role)) {
          await read.call(readers.get(role)!, p);
          answered.push(`${read.name} ${role}`);
        } else await expect(read.call(readers.get(role)!, p), `${read.name} as ${role}`).rejects.toMatchObject(forbidden);
      }
    // 10 reads for three roles, 8 for two, 8 for one.
    expect(answered).toHaveLength(10 * 3 + 8 * 2 + 8);
    // The navigation's count of the lab queue answers 0 to roles that do not work it, rather than refusing.
    expect(await countHl7Queue({ role: "STAFF" })).toBe(0);
    expect(await countHl7Queue({ role: "ADMIN" })).toBe(0);
  });

  it("office staff get the patient's monitoring items without the waiver's free text; clinicians get it", async () => {
    const p = await patientWithResults();
    const staff = await getPatientMonitoring({ role: "STAFF" }, p.patientId, TODAY);
    const waived = staff.find((i) => i.kind === "BASELINE_LIPIDS")!;
    expect(waived).toMatchObject({ status: "WAIVED", reason: "Waived by a dermatologist; the reason is in the clinical record." });
    expect(waived.waiver).toEqual({ id: expect.any(String), itemKey: waived.key, reason: null, waivedBy: expect.any(String), waivedAt: expect.any(String) });
    expect(JSON.stringify(staff)).not.toContain("612 mg/dL");
    expect(JSON.stringify(staff)).not.toMatch(RESULT_WORDS);
    // The dermatologist's review of the positive test is the clinical roles' alone.
    expect(staff.map((i) => i.kind)).not.toContain("PREG_REVIEW");
    for (const role of ["DERMATOLOGIST", "NURSE"] as const) {
      const items = await getPatientMonitoring({ role }, p.patientId, TODAY);
      expect(items.find((i) => i.kind === "BASELINE_LIPIDS")).toMatchObject({ reason: `Waived: ${WAIVER_TEXT}`, waiver: { reason: WAIVER_TEXT } });
      expect(items.map((i) => i.kind)).toContain("PREG_REVIEW");
    }
  });

  it("office staff get the pregnancy status without a result or the records behind it", async () => {
    const p = await patientWithResults();
    const staff = await getPregnancyOverview({ role: "STAFF" }, p.patientId, TODAY);
    expect(Object.keys(staff!).sort()).toEqual([
      "category",
      "clinical",
      "dispenseBy",
      "doNotDispense",
      "heldPrescriptions",
      "nextTestDue",
      "prescribingStopped",
      "reviewNeeded",
      "reviewReasons",
      "ruleSetName",
      "summary",
      "windowClosesOn",
    ]);
    expect(staff).toMatchObject({ category: "CAN_BECOME_PREGNANT", reviewNeeded: true, reviewReasons: [], prescribingStopped: true, clinical: null });
    expect(JSON.stringify(staff)).not.toMatch(RESULT_WORDS);
    const nurse = await getPregnancyOverview({ role: "NURSE" }, p.patientId, TODAY);
    expect(nurse!.clinical!.undecidedTest).toEqual({ id: expect.any(String), specimenDate: addDays(TODAY, -2), result: "POSITIVE" });
  });

  it("office staff get the header's identity and category, and worklist rows with contact details and items only", async () => {
    const p = await patientWithResults();
    const header = await getPatientHeader({ role: "STAFF" }, p.patientId, TODAY);
    expect(header).toMatchObject({ mrn: p.mrn, pregnancyCategory: "CAN_BECOME_PREGNANT", clinical: null });
    const clinicianHeader = await getPatientHeader({ role: "NURSE" }, p.patientId, TODAY);
    expect(clinicianHeader!.clinical!.criticalAlerts.map((a) => a.specimenDate)).toEqual([addDays(TODAY, -2)]);

    const rows = (await getWorklist({ role: "STAFF" }, TODAY, { sort: "days" })).rows.filter((r) => r.patientId === p.patientId);
    // Baseline liver tests never drawn; peak labs fall 8 weeks after the start (26 days ahead) and the baseline
    // lipids are waived. The review of the positive test is not theirs to list, and while it stops prescribing the
    // 30-day supply's renewal is not offered.
    expect(rows.map((r) => r.kind).sort()).toEqual(["BASELINE_LIVER"]);
    expect(Object.keys(rows[0]!).sort()).toEqual(
      ["clinician", "clinicianId", "daysOverdue", "dueDate", "email", "item", "itemKey", "kind", "lastOutreach", "mrn"]
        .concat(["patientId", "patientName", "phone", "reason", "status"])
        .sort(),
    );
    const page = await getPatientWorklist({ role: "STAFF" }, TODAY, { search: p.mrn, sort: "due", dir: "asc", page: 1 }, 10);
    expect(Object.keys(page.rows[0]!.items[0]!).sort()).toEqual(["daysOverdue", "dueDate", "itemKey", "kind", "label", "status"]);
    for (const answer of [rows, page]) {
      expect(JSON.stringify(answer)).not.toMatch(RESULT_WORDS);
      // A value as a number, not as digits inside a uuid or a timestamp.
      expect(JSON.stringify(answer)).not.toMatch(/(?<![0-9a-f.:-])(700|612)(?![0-9a-f-])|mg\/dL/);
    }
  });
});
