import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import { giveSetupLink } from "@/lib/data/account-approvals";
import { addOutreachNotes } from "@/lib/data/add-outreach-note";
import { addCatalogueTest, setCatalogueTestActive } from "@/lib/data/catalogue";
import { changeDose } from "@/lib/data/change-dose";
import { setContactPreferences } from "@/lib/data/contact-preferences";
import { correctLabResult } from "@/lib/data/correct-records";
import { correctPaperCourse } from "@/lib/data/correct-paper-course";
import { correctWeight } from "@/lib/data/correct-weight";
import { attachHl7Results } from "@/lib/data/hl7-queue-attach";
import { rejectHl7Result } from "@/lib/data/hl7-queue-dismiss";
import { requestDailyRefresh } from "@/lib/data/jobs";
import { acknowledgeLab, recordLabPanel } from "@/lib/data/labs";
import { createPatient, updatePatient } from "@/lib/data/patients";
import { recordPregnancyDecision } from "@/lib/data/pregnancy-decision";
import { recordPregnancyFollowUp } from "@/lib/data/pregnancy-follow-ups";
import { changePregnancyCategory, recordContraception, recordCounseling } from "@/lib/data/pregnancy-records";
import { queueReminders } from "@/lib/data/queue-reminders";
import { recordDispensing } from "@/lib/data/record-dispensing";
import { recordMissedDose } from "@/lib/data/record-missed-dose";
import { recordPaperCourse } from "@/lib/data/record-paper-course";
import { recordWeight } from "@/lib/data/record-weight";
import { reopenCourse } from "@/lib/data/reopen-course";
import { acknowledgeRepeatNotice } from "@/lib/data/repeat-notices";
import { mfaRequiredRoles, setMfaRequiredRoles } from "@/lib/data/security-policy";
import { saveClinicConfig } from "@/lib/data/settings";
import { startCourse } from "@/lib/data/start-course";
import { approveToken, declineToken, requestNewToken } from "@/lib/data/token-decisions";
import { transitionCourse } from "@/lib/data/transition-course";
import { unlockUserSignIn } from "@/lib/data/unlock-sign-in";
import { changeRole, createUser, resetPassword, resetSecondFactor, setDisabled } from "@/lib/data/users";
import { voidCourseEntry } from "@/lib/data/void-course-entry";
import { voidOutreachNote, voidWaiver } from "@/lib/data/void-monitoring-entry";
import { voidContraceptionRecord, voidCounselingRecord, voidPregnancyFollowUp } from "@/lib/data/void-pregnancy-record";
import { waiveItem } from "@/lib/data/waive-item";
import { writePrescription } from "@/lib/data/write-prescription";
import { createApiClient, revokeApiClient } from "@/lib/fhir/clients";
import { createLabInterface, revokeLabInterface } from "@/lib/hl7/interfaces";
import { countRows, makePatient, makeUser, testDb, TODAY } from "./helpers";

const ROLES = ["DERMATOLOGIST", "NURSE", "STAFF", "ADMIN"] as const;
const Z = "00000000-0000-4000-8000-000000000000";
const forbidden = { code: "FORBIDDEN", message: "You do not have permission to do this." };
/** The writes that checked their caller before, each in words of its own. */
const OWN_WORDS = new Set([
  "recordPregnancyDecision",
  "recordPregnancyFollowUp",
  "voidContraceptionRecord",
  "voidCounselingRecord",
  "voidPregnancyFollowUp",
  "acknowledgeRepeatNotice",
  "recordWeight",
  "correctWeight",
  "giveSetupLink",
]);
type Actor = { id: string; role: Role };

/**
 * Every write function a server action calls, with the roles that may make it (written out, as the action
 * table has them). Each refuses any other role itself, whoever calls it, before it reads or writes anything:
 * the inputs of a refused call need not be valid. A patient and a user are registered for the writes that,
 * refused by nothing else, would go through: an administrator registering a patient, a dermatologist making an
 * administrator's account and getting its setup link, a nurse disabling a dermatologist.
 */
const WRITES: { name: string; allowed: readonly Role[]; call: (a: Actor, t: { patientId: string; userId: string }) => Promise<unknown> }[] = [
  { name: "startCourse", allowed: ["DERMATOLOGIST"], call: (a) => startCourse(a, {} as never, TODAY) },
  { name: "changeDose", allowed: ["DERMATOLOGIST"], call: (a) => changeDose(a, { courseId: Z } as never, TODAY) },
  { name: "writePrescription", allowed: ["DERMATOLOGIST"], call: (a) => writePrescription(a, { courseId: Z } as never, TODAY) },
  { name: "transitionCourse", allowed: ["DERMATOLOGIST"], call: (a) => transitionCourse(a, { courseId: Z } as never) },
  { name: "recordMissedDose", allowed: ["DERMATOLOGIST"], call: (a) => recordMissedDose(a, { courseId: Z, version: 1, date: TODAY }) },
  { name: "reopenCourse", allowed: ["DERMATOLOGIST"], call: (a) => reopenCourse(a, { courseId: Z, version: 1, reason: "x" }) },
  { name: "voidCourseEntry", allowed: ["DERMATOLOGIST"], call: (a) => voidCourseEntry(a, { kind: "DOSE", entryId: Z, reason: "x" }, TODAY) },
  { name: "recordPaperCourse", allowed: ["DERMATOLOGIST"], call: (a) => recordPaperCourse(a, {} as never, TODAY) },
  { name: "correctPaperCourse", allowed: ["DERMATOLOGIST"], call: (a) => correctPaperCourse(a, { courseId: Z } as never, TODAY) },
  { name: "recordPregnancyDecision", allowed: ["DERMATOLOGIST"], call: (a) => recordPregnancyDecision(a, { patientId: Z } as never, TODAY) },
  { name: "recordPregnancyFollowUp", allowed: ["DERMATOLOGIST"], call: (a) => recordPregnancyFollowUp(a, { patientId: Z } as never, TODAY) },
  { name: "voidCounselingRecord", allowed: ["DERMATOLOGIST"], call: (a) => voidCounselingRecord(a, { patientId: Z, recordId: Z, reason: "x" }) },
  { name: "voidPregnancyFollowUp", allowed: ["DERMATOLOGIST"], call: (a) => voidPregnancyFollowUp(a, { patientId: Z, recordId: Z, reason: "x" }) },
  { name: "acknowledgeRepeatNotice", allowed: ["DERMATOLOGIST"], call: (a) => acknowledgeRepeatNotice(a, Z) },
  { name: "giveSetupLink", allowed: ["DERMATOLOGIST"], call: (a) => giveSetupLink(a, Z, "NURSE") },
  { name: "approveToken", allowed: ["DERMATOLOGIST"], call: (a) => approveToken(a, { kind: "API_CLIENT", id: Z, requestedAt: new Date() }) },
  { name: "declineToken", allowed: ["DERMATOLOGIST"], call: (a) => declineToken(a, { kind: "API_CLIENT", id: Z, requestedAt: new Date(), reason: "x" }) },
  { name: "voidContraceptionRecord", allowed: ["DERMATOLOGIST", "NURSE"], call: (a) => voidContraceptionRecord(a, { patientId: Z, recordId: Z, reason: "x" }) },
  { name: "recordWeight", allowed: ["DERMATOLOGIST", "NURSE"], call: (a) => recordWeight(a, { patientId: Z } as never, TODAY) },
  { name: "correctWeight", allowed: ["DERMATOLOGIST", "NURSE"], call: (a) => correctWeight(a, { weightId: Z } as never, TODAY) },
  { name: "recordDispensing", allowed: ["DERMATOLOGIST", "NURSE"], call: (a) => recordDispensing(a, { courseId: Z } as never, TODAY) },
  {
    name: "recordContraception",
    allowed: ["DERMATOLOGIST", "NURSE"],
    call: (a, t) => recordContraception(a, { patientId: t.patientId, method: "ABSTINENCE", startDate: TODAY } as never, TODAY),
  },
  { name: "recordCounseling", allowed: ["DERMATOLOGIST"], call: (a, t) => recordCounseling(a, { patientId: t.patientId, counseledOn: TODAY }, TODAY) },
  { name: "changePregnancyCategory", allowed: ["DERMATOLOGIST"], call: (a) => changePregnancyCategory(a, { patientId: Z } as never, TODAY) },
  { name: "acknowledgeLab", allowed: ["DERMATOLOGIST"], call: (a) => acknowledgeLab(a, Z, TODAY) },
  { name: "waiveItem", allowed: ["DERMATOLOGIST"], call: (a) => waiveItem(a, { patientId: Z, itemKey: "x", reason: "x" }, TODAY) },
  { name: "voidWaiver", allowed: ["DERMATOLOGIST"], call: (a) => voidWaiver(a, { waiverId: Z, reason: "x" }) },
  { name: "recordLabPanel", allowed: ["DERMATOLOGIST", "NURSE"], call: (a) => recordLabPanel(a, { patientId: Z } as never, TODAY) },
  { name: "correctLabResult", allowed: ["DERMATOLOGIST", "NURSE"], call: (a) => correctLabResult(a, { labResultId: Z, reason: "x" } as never, TODAY) },
  { name: "attachHl7Results", allowed: ["DERMATOLOGIST", "NURSE"], call: (a) => attachHl7Results(a, { entryIds: [Z], mrn: "x", birthDate: TODAY }, TODAY) },
  { name: "rejectHl7Result", allowed: ["DERMATOLOGIST", "NURSE"], call: (a) => rejectHl7Result(a, { entryId: Z, reason: "x" }) },
  {
    name: "addOutreachNotes",
    allowed: ["DERMATOLOGIST", "NURSE", "STAFF"],
    call: (a) => addOutreachNotes(a, { patientId: Z, itemKeys: ["x"], outcome: "REACHED", note: "x" }, TODAY),
  },
  { name: "voidOutreachNote", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (a) => voidOutreachNote(a, { noteId: Z, reason: "x" }) },
  { name: "queueReminders", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (a) => queueReminders(a, { patientIds: [Z], channel: "EMAIL" }) },
  {
    name: "createPatient",
    allowed: ["DERMATOLOGIST", "NURSE", "STAFF"],
    call: (a) =>
      createPatient(a, {
        ...{ mrn: `W-${randomUUID().slice(0, 8)}`, firstName: "Write", lastName: "Check", dateOfBirth: "2000-01-01", sexAtBirth: "FEMALE" },
        ...{ pregnancyCategory: "CAN_BECOME_PREGNANT", indication: "ACNE_NODULAR", phone: undefined, email: undefined },
      }),
  },
  { name: "updatePatient", allowed: ["DERMATOLOGIST", "NURSE", "STAFF"], call: (a) => updatePatient(a, Z, 1, {} as never) },
  {
    name: "setContactPreferences",
    allowed: ["DERMATOLOGIST", "NURSE", "STAFF"],
    call: (a) => setContactPreferences(a, Z, { doNotEmail: true, doNotText: true, doNotCall: true }, 1),
  },
  {
    name: "saveClinicConfig",
    allowed: ["DERMATOLOGIST"],
    call: (a) => saveClinicConfig(a, { kind: "dosing", effectiveFrom: "1999-01-01", config: {}, openedAt: 0 } as never, TODAY),
  },
  { name: "addCatalogueTest", allowed: ["DERMATOLOGIST"], call: (a) => addCatalogueTest(a, { code: "", name: "", kind: "NUMERIC" } as never) },
  { name: "setCatalogueTestActive", allowed: ["DERMATOLOGIST"], call: (a) => setCatalogueTestActive(a, Z, false) },
  { name: "createUser", allowed: ["ADMIN"], call: (a) => createUser(a, { name: "Write Check", email: `w-${randomUUID()}@test.isotrack`, role: "ADMIN" }) },
  { name: "changeRole", allowed: ["ADMIN"], call: (a) => changeRole(a, Z, "NURSE") },
  { name: "setDisabled", allowed: ["ADMIN"], call: (a, t) => setDisabled(a, t.userId, true) },
  { name: "unlockUserSignIn", allowed: ["ADMIN"], call: (a) => unlockUserSignIn(a, Z) },
  { name: "resetPassword", allowed: ["ADMIN"], call: (a) => resetPassword(a, Z) },
  { name: "resetSecondFactor", allowed: ["ADMIN"], call: (a) => resetSecondFactor(a, Z) },
  { name: "createApiClient", allowed: ["ADMIN"], call: (a) => createApiClient(a, { name: "Write check", role: "DERMATOLOGIST" }) },
  { name: "revokeApiClient", allowed: ["ADMIN"], call: (a) => revokeApiClient(a, Z) },
  { name: "requestNewToken", allowed: ["ADMIN"], call: (a) => requestNewToken(a, { kind: "LAB_INTERFACE", id: Z }) },
  { name: "createLabInterface", allowed: ["ADMIN"], call: (a) => createLabInterface(a, "Write check") },
  { name: "revokeLabInterface", allowed: ["ADMIN"], call: (a) => revokeLabInterface(a, Z) },
  { name: "setMfaRequiredRoles", allowed: ["ADMIN"], call: async (a) => setMfaRequiredRoles(a, await mfaRequiredRoles()) },
  { name: "requestDailyRefresh", allowed: ["ADMIN"], call: (a) => requestDailyRefresh(a) },
];

/** Rows a refused write must not have added, beyond countRows' own. */
async function moreRows() {
  const db = testDb();
  return Promise.all([
    db.apiClient.count(),
    db.hl7Interface.count(),
    db.setupLink.count(),
    db.labTest.count(),
    db.contraceptionRecord.count(),
    db.pregnancyCounseling.count(),
    db.user.count({ where: { disabled: true } }),
  ]);
}

describe("write functions refuse every role not allowed them, whatever the caller checked", () => {
  it("each write refuses each other role before it writes anything", async () => {
    const patient = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const target = await makeUser("DERMATOLOGIST");
    const actors = new Map<Role, Actor>();
    for (const role of ROLES) actors.set(role, await makeUser(role));
    let refused = 0;
    for (const write of WRITES)
      for (const role of ROLES.filter((r) => !write.allowed.includes(r))) {
        const before = [await countRows(), await moreRows()];
        await expect(write.call(actors.get(role)!, { patientId: patient.id, userId: target.id }), `${write.name} as ${role}`).rejects.toMatchObject(
          OWN_WORDS.has(write.name) ? { code: "FORBIDDEN" } : forbidden,
        );
        expect([await countRows(), await moreRows()], `${write.name} as ${role} wrote`).toEqual(before);
        refused++;
      }
    // 9 dermatologist-only course writes and 16 more dermatologist-only ones (3 roles each); 9 of the nurse and
    // the dermatologist (2); 6 of every clinical role (1); 13 of administrators (3).
    expect(WRITES).toHaveLength(53);
    expect(refused).toBe((9 + 16) * 3 + 9 * 2 + 6 + 13 * 3);
  });

  it("an allowed role passes the check and meets the write's own refusals", async () => {
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    await expect(correctLabResult(nurse, { labResultId: Z, reason: "x" } as never, TODAY)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const derm = { id: (await makeUser("DERMATOLOGIST")).id, role: "DERMATOLOGIST" as const };
    await expect(changeDose(derm, { courseId: Z } as never, TODAY)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const admin = { id: (await makeUser("ADMIN")).id, role: "ADMIN" as const };
    await expect(changeRole(admin, Z, "NURSE")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
