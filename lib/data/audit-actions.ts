/**
 * Every action the audit trail records. writeAudit accepts only these, so a misspelt action fails the
 * type check instead of starting a new, unsearchable name in the trail. A new kind of event adds its
 * action here, in its group (for example "user.password_changed" with the account events,
 * "session.revoked" with sign-in), and, if its change record carries no clinical values, a prefix that
 * NON_CLINICAL_ACTIONS matches; one whose mere presence is a clinical fact belongs to a group of
 * lib/data/audit-action-groups.ts (read by administrators under that group's neutral label).
 */
export const AUDIT_ACTIONS = [
  // Sign-in, access and the trail itself.
  "auth.password_verified",
  "auth.login",
  "auth.login_failed",
  "auth.login_throttled",
  "auth.mfa_failed",
  "auth.logout",
  "access.denied",
  "audit.view",
  "audit.export",
  // Accounts.
  "user.create",
  "user.setup_link_created",
  "user.password_set",
  "user.password_changed",
  "user.credentials_change_refused",
  "user.password_reset",
  "user.mfa_enrolled",
  "user.mfa_enroll_failed",
  "user.mfa_removed",
  "user.mfa_reset",
  "user.recovery_codes_replaced",
  "user.sessions_revoked",
  "user.role_change",
  "user.disable",
  "user.enable",
  "user.unlock_sign_in",
  "user.api_client_created",
  "user.api_client_revoked",
  "user.api_client_approved",
  "user.api_client_declined",
  "user.lab_interface_created",
  "user.lab_interface_revoked",
  "user.lab_interface_approved",
  "user.lab_interface_declined",
  // Clinic configuration and seeding.
  "security.policy_update",
  "settings.update",
  "catalogue.add",
  "catalogue.activate",
  "catalogue.retire",
  "seed.demo_clinic",
  "seed.large_clinic",
  "job.run_requested",
  // Migration imports (the rows they write are audited under their own actions).
  "import.upload",
  "import.commit",
  // Who saw which patient.
  "patient.view",
  "patients.view_list",
  "patients.view_fhir",
  "patient.export_fhir",
  // Clinical records.
  "patient.create",
  "patient.update",
  "course.start",
  "course.pause",
  "course.resume",
  "course.complete",
  "course.stop",
  "course.reopen",
  "course.pause_void",
  "course.paper_record",
  "course.paper_correct",
  "prescription.create",
  "prescription.void",
  "dose.change",
  "dose.correct",
  "dose.missed",
  "dose.void",
  "dose.missed_void",
  "weight.record",
  "weight.void",
  "weight.correct",
  "lab.record",
  "lab.void",
  "lab.correct",
  "lab.acknowledge",
  "lab.import",
  "lab.message_import",
  "lab.message_reject",
  "lab.queue_attach",
  "lab.queue_reject",
  "lab.repeat_notice_acknowledge",
  "monitoring.waive",
  "monitoring.outreach",
  "monitoring.waive_void",
  "monitoring.outreach_void",
  "monitoring.export",
  "monitoring.reminder",
  "monitoring.reminder_sent",
  "monitoring.reminder_failed",
  "patient.contact_preferences",
  "pregnancy.contraception",
  "pregnancy.counseling",
  "pregnancy.contraception_void",
  "pregnancy.counseling_void",
  "pregnancy.decision",
  "pregnancy.follow_up",
  "pregnancy.follow_up_void",
  "pregnancy.category",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Account, configuration and access events carry no clinical values: administrators read their change
 * records whole. Every other event shows them only the names of the fields that changed. Matched by
 * prefix, so rows of earlier versions of an action are classed like the current ones.
 */
export const NON_CLINICAL_ACTIONS = /^(user|auth|audit|settings|security|seed|job|import)\.|^patients?\.view/;
