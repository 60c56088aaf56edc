import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { getAuditReport } from "@/lib/data/audit-report";
import { IDLE } from "@/lib/validation/action-result";
import { listHl7Queue } from "@/lib/data/hl7-queue";
import { actAs, form, makePatient, makeUser, testDb } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";

let token: string;
let nurse: { id: string };
let admin: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  admin = await makeUser("ADMIN");
  ({ token } = await makeLabInterface(admin, `Queue access lab ${randomUUID().slice(0, 6)}`));
});

describe("the lab queue's view in the access accounting", () => {
  it("names the patients whose queued results it showed, so the audit trail's patient filter finds the view", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    // A preliminary triglyceride for a matched patient waits in the queue with the patient's id (status not final).
    const controlId = `QA-${randomUUID().slice(0, 8)}`;
    await postHl7(token, oru(controlId, p.mrn, [tg(420, "P")]));
    const [entry] = await testDb().hl7QueueEntry.findMany({ where: { message: { controlId } } });
    expect(entry!.patientId).toBe(p.id);

    const queue = await listHl7Queue({ id: nurse.id, role: "NURSE" });
    const shown = queue.rows.find((r) => r.id === entry!.id);
    // The nurse was shown the patient's name, MRN, date of birth and value, and the link to their chart.
    expect(shown).toMatchObject({ patientId: p.id, mrn: p.mrn });

    // The view is recorded (with the queue entries' ids)...
    const recorded = await testDb().auditEvent.count({ where: { actorId: nurse.id, action: "patients.view_list", entityId: "lab-queue" } });
    expect(recorded).toBe(1);
    // ...and "who saw this patient?" must find it: the administrator filters the trail by the patient.: the administrator filters the trail by the patient.
    const report = await getAuditReport({ role: "ADMIN" }, { patient: p.id, page: 1 }, 500);
    const views = report.rows.filter((r) => r.actorId === nurse.id && r.entityId === "lab-queue");
    expect(views).toHaveLength(1);
  });

  it("names the patient whose pregnancy test a dismissal released, so the trail filtered by that patient shows the dismissal", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    // A preliminary positive pregnancy test waits in the queue and holds this patient's prescribing.
    const controlId = `QD-${randomUUID().slice(0, 8)}`;
    await postHl7(token, oru(controlId, p.mrn, [hcg("Positive", "P")]));
    const [entry] = await testDb().hl7QueueEntry.findMany({ where: { message: { controlId } } });
    expect([entry!.patientId, entry!.holdsPatientId]).toEqual([p.id, p.id]);

    actAs(derm);
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: entry!.id, reason: "Final result follows" }))).toMatchObject({ status: "ok" });
    const dismissal = await testDb().auditEvent.findFirstOrThrow({ where: { action: "lab.queue_reject", entityId: entry!.id } });
    // The dismissal changed what this patient's chart allows (the hold on prescribing ends): it is a write about them.
    expect(dismissal.patientId).toBe(p.id);
    const report = await getAuditReport({ role: "ADMIN" }, { patient: p.id, page: 1 }, 500);
    // Under the lab records' neutral label: a dismissal of a held pregnancy test is itself a clinical fact.
    expect(report.rows.map((r) => r.action)).toContain("Lab record changed");
    expect(report.rows.map((r) => r.action)).not.toContain("lab.queue_reject");
  });

  it("names the patient whose prescribing a queued pregnancy test holds in the import's audit row", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const controlId = `QH-${randomUUID().slice(0, 8)}`;
    await postHl7(token, oru(controlId, p.mrn, [hcg("Positive", "P")]));
    const [entry] = await testDb().hl7QueueEntry.findMany({ where: { message: { controlId } } });
    // From this message on, the patient's prescribing is stopped by the waiting test.
    expect(entry!.holdsPatientId).toBe(p.id);
    const report = await getAuditReport({ role: "ADMIN" }, { patient: p.id, page: 1 }, 500);
    expect(report.rows.map((r) => r.action)).toContain("lab.message_import");
  });
});
