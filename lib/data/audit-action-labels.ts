import type { AuditAction } from "./audit-actions";

/**
 * What each action reads as on the audit trail: sentence case, what happened, in the clinic's words. The code
 * stays beside it (on the page, in the CSV). A new action in AUDIT_ACTIONS needs its label here (the type says
 * so); lib/data/audit-action-labels.test.ts checks that every action written in lib/ and app/ has one. An
 * action whose mere presence is a clinical fact is shown to some roles under its group's label instead
 * (lib/data/audit-action-groups.ts).
 */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "auth.password_verified": "Password accepted, second step pending",
  "auth.login": "Signed in",
  "auth.login_failed": "Sign-in failed",
  "auth.login_throttled": "Sign-in throttled",
  "auth.mfa_failed": "Second-factor code refused",
  "auth.logout": "Signed out",
  "access.denied": "Access refused",
  "audit.view": "Audit trail viewed",
  "audit.export": "Audit trail downloaded",
  "user.create": "Account created",
  "user.setup_link_created": "Set-up link created",
  "user.password_set": "Password set from a link",
  "user.password_changed": "Password changed",
  "user.credentials_change_refused": "Credentials change refused",
  "user.password_reset": "Password reset",
  "user.mfa_enrolled": "Second factor enrolled",
  "user.mfa_enroll_failed": "Second-factor enrolment failed",
  "user.mfa_removed": "Second factor removed",
  "user.mfa_reset": "Second factor reset",
  "user.recovery_codes_replaced": "Recovery codes replaced",
  "user.sessions_revoked": "Sessions signed out",
  "user.role_change": "Role changed",
  "user.disable": "Account disabled",
  "user.enable": "Account enabled",
  "user.unlock_sign_in": "Sign-in unlocked",
  "user.api_client_created": "API client created",
  "user.api_client_revoked": "API client revoked",
  "user.api_client_approved": "API client approved",
  "user.api_client_declined": "API client declined",
  "user.api_client_token_requested": "API client new token asked for",
  "user.api_client_token_issued": "API client new token issued",
  "user.api_client_token_declined": "API client new token declined",
  "user.lab_interface_created": "Lab interface created",
  "user.lab_interface_revoked": "Lab interface revoked",
  "user.lab_interface_approved": "Lab interface approved",
  "user.lab_interface_declined": "Lab interface declined",
  "user.lab_interface_token_requested": "Lab interface new token asked for",
  "user.lab_interface_token_issued": "Lab interface new token issued",
  "user.lab_interface_token_declined": "Lab interface new token declined",
  "security.policy_update": "Security policy changed",
  "settings.update": "Clinic settings changed",
  "catalogue.add": "Lab test added to the catalogue",
  "catalogue.activate": "Lab test brought back into use",
  "catalogue.retire": "Lab test retired",
  "seed.demo_clinic": "Demo clinic loaded",
  "seed.large_clinic": "Large test clinic loaded",
  "job.run_requested": "Background job run requested",
  "import.upload": "Import file uploaded",
  "import.commit": "Import committed",
  "patient.view": "Patient record viewed",
  "patients.view_list": "Patient list viewed",
  "patients.view_fhir": "Patient data read through the API",
  "patient.export_fhir": "Patient record downloaded as FHIR",
  "patient.create": "Patient registered",
  "patient.update": "Patient details changed",
  "course.start": "Course started",
  "course.pause": "Course paused",
  "course.resume": "Course resumed",
  "course.complete": "Course completed",
  "course.stop": "Course stopped",
  "course.reopen": "Course reopened",
  "course.pause_void": "Course pause voided",
  "course.paper_record": "Paper course recorded",
  "course.paper_correct": "Paper course corrected",
  "prescription.create": "Prescription written",
  "prescription.void": "Prescription voided",
  "prescription.dispense": "Prescription dispensing recorded",
  "prescription.dispense_correct": "Prescription dispensed date corrected",
  "dose.change": "Dose changed",
  "dose.correct": "Dose change corrected",
  "dose.missed": "Missed dose recorded",
  "dose.void": "Dose change voided",
  "dose.missed_void": "Missed dose voided",
  "weight.record": "Weight recorded",
  "weight.void": "Weight voided",
  "weight.correct": "Weight corrected",
  "lab.record": "Lab result recorded",
  "lab.void": "Lab result voided",
  "lab.correct": "Lab result corrected",
  "lab.acknowledge": "Lab result reviewed",
  "lab.import": "Lab results imported",
  "lab.message_import": "Lab message received",
  "lab.message_reject": "Lab message rejected",
  "lab.queue_attach": "Queued lab result attached",
  "lab.queue_reject": "Queued lab result dismissed",
  "lab.repeat_notice_acknowledge": "Repeat-test notice acknowledged",
  "monitoring.waive": "Monitoring item waived",
  "monitoring.outreach": "Outreach recorded",
  "monitoring.waive_void": "Monitoring waiver voided",
  "monitoring.outreach_void": "Outreach voided",
  "monitoring.export": "Worklist downloaded",
  "monitoring.reminder": "Reminder queued",
  "monitoring.reminder_sent": "Reminder sent",
  "monitoring.reminder_failed": "Reminder not delivered",
  "patient.contact_preferences": "Contact preferences changed",
  "pregnancy.contraception": "Contraception recorded",
  "pregnancy.counseling": "Counseling recorded",
  "pregnancy.contraception_void": "Contraception record voided",
  "pregnancy.counseling_void": "Counseling record voided",
  "pregnancy.decision": "Pregnancy decision recorded",
  "pregnancy.follow_up": "Pregnancy follow-up recorded",
  "pregnancy.follow_up_void": "Pregnancy follow-up voided",
  "pregnancy.category": "Pregnancy category changed",
};

const isListed = (action: string): action is AuditAction => Object.hasOwn(AUDIT_ACTION_LABELS, action);

/** An action's label; one of an earlier version, no longer listed, reads as its words ("patients.list": "Patients list"). */
export function actionLabel(action: string): string {
  if (isListed(action)) return AUDIT_ACTION_LABELS[action];
  const words = action.replace(/[._]+/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : action;
}

/** The action filter's areas, in their order. */
export const AUDIT_ACTION_AREAS = [
  "Sign-in and access",
  "Accounts, API clients and lab interfaces",
  "Clinic configuration",
  "Who saw which patient",
  "Clinical records",
] as const;
export type AuditActionArea = (typeof AUDIT_ACTION_AREAS)[number];

/** Who saw which patient: the views and downloads the access report counts (lib/data/audit-kinds.ts). */
const ACCESS = /^(audit\.(view|export)|patients?\.(view|view_list|view_fhir|export_fhir)|monitoring\.export)$/;

/** The area of the action filter an action is offered in. */
export function actionArea(action: string): AuditActionArea {
  if (ACCESS.test(action)) return "Who saw which patient";
  if (/^(auth|access)\./.test(action)) return "Sign-in and access";
  if (action.startsWith("user.")) return "Accounts, API clients and lab interfaces";
  if (/^(security|settings|catalogue|seed|job|import)\./.test(action)) return "Clinic configuration";
  return "Clinical records";
}
