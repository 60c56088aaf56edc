import type { Role } from "../lib/auth/permissions";

/**
 * Every server action, the roles allowed to call it, and the module that exports it. A new action that is
 * not listed here fails the integration matrix, and the e2e run checks it against the production build.
 * Public actions (login, logout) are listed with every caller allowed.
 */
export const ALL: (Role | "ANONYMOUS")[] = ["ANONYMOUS", "STAFF", "NURSE", "DERMATOLOGIST", "ADMIN"];
export const EXPECTED: Record<string, { module: string; allowed: (Role | "ANONYMOUS")[] }> = {
  login: { module: "app/(auth)/login/actions.ts", allowed: ALL },
  logout: { module: "app/(portal)/actions.ts", allowed: ALL },
  createPatientAction: { module: "app/(portal)/patients/actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST"] },
  updatePatientAction: { module: "app/(portal)/patients/actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST"] },
  startCourseAction: { module: "app/(portal)/patients/[patientId]/courses/actions.ts", allowed: ["DERMATOLOGIST"] },
  changeDoseAction: { module: "app/(portal)/patients/[patientId]/courses/actions.ts", allowed: ["DERMATOLOGIST"] },
  writePrescriptionAction: { module: "app/(portal)/patients/[patientId]/courses/actions.ts", allowed: ["DERMATOLOGIST"] },
  transitionCourseAction: { module: "app/(portal)/patients/[patientId]/courses/actions.ts", allowed: ["DERMATOLOGIST"] },
  recordMissedDoseAction: { module: "app/(portal)/patients/[patientId]/courses/actions.ts", allowed: ["DERMATOLOGIST"] },
  recordWeightAction: { module: "app/(portal)/patients/[patientId]/courses/actions.ts", allowed: ["NURSE", "DERMATOLOGIST"] },
  recordLabPanelAction: { module: "app/(portal)/patients/[patientId]/labs-actions.ts", allowed: ["NURSE", "DERMATOLOGIST"] },
  acknowledgeLabAction: { module: "app/(portal)/patients/[patientId]/labs-actions.ts", allowed: ["DERMATOLOGIST"] },
  waiveItemAction: { module: "app/(portal)/patients/[patientId]/labs-actions.ts", allowed: ["DERMATOLOGIST"] },
  addOutreachNoteAction: { module: "app/(portal)/patients/[patientId]/labs-actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST"] },
  sendRemindersAction: { module: "app/(portal)/monitoring/actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST"] },
  setContactPreferencesAction: { module: "app/(portal)/monitoring/actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST"] },
  correctLabResultAction: { module: "app/(portal)/patients/[patientId]/correction-actions.ts", allowed: ["NURSE", "DERMATOLOGIST"] },
  correctWeightAction: { module: "app/(portal)/patients/[patientId]/correction-actions.ts", allowed: ["NURSE", "DERMATOLOGIST"] },
  voidCourseEntryAction: { module: "app/(portal)/patients/[patientId]/record-correction-actions.ts", allowed: ["DERMATOLOGIST"] },
  reopenCourseAction: { module: "app/(portal)/patients/[patientId]/record-correction-actions.ts", allowed: ["DERMATOLOGIST"] },
  recordPaperCourseAction: { module: "app/(portal)/patients/[patientId]/record-correction-actions.ts", allowed: ["DERMATOLOGIST"] },
  voidWaiverAction: { module: "app/(portal)/patients/[patientId]/record-correction-actions.ts", allowed: ["DERMATOLOGIST"] },
  voidOutreachNoteAction: { module: "app/(portal)/patients/[patientId]/record-correction-actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST"] },
  recordContraceptionAction: { module: "app/(portal)/patients/[patientId]/pregnancy-actions.ts", allowed: ["NURSE", "DERMATOLOGIST"] },
  recordCounselingAction: { module: "app/(portal)/patients/[patientId]/pregnancy-actions.ts", allowed: ["DERMATOLOGIST"] },
  recordPregnancyDecisionAction: { module: "app/(portal)/patients/[patientId]/pregnancy-actions.ts", allowed: ["DERMATOLOGIST"] },
  changePregnancyCategoryAction: { module: "app/(portal)/patients/[patientId]/pregnancy-actions.ts", allowed: ["DERMATOLOGIST"] },
  uploadImportAction: { module: "app/(portal)/patients/import/actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST"] },
  commitImportAction: { module: "app/(portal)/patients/import/actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST"] },
  addCatalogueTestAction: { module: "app/(portal)/lab-catalogue/actions.ts", allowed: ["DERMATOLOGIST"] },
  setCatalogueTestActiveAction: { module: "app/(portal)/lab-catalogue/actions.ts", allowed: ["DERMATOLOGIST"] },
  saveClinicSettingsAction: { module: "app/(portal)/settings/actions.ts", allowed: ["DERMATOLOGIST"] },
  createUserAction: { module: "app/(portal)/admin/users/actions.ts", allowed: ["ADMIN"] },
  changeRoleAction: { module: "app/(portal)/admin/users/actions.ts", allowed: ["ADMIN"] },
  setDisabledAction: { module: "app/(portal)/admin/users/actions.ts", allowed: ["ADMIN"] },
  unlockSignInAction: { module: "app/(portal)/admin/users/unlock-actions.ts", allowed: ["ADMIN"] },
  resetPasswordAction: { module: "app/(portal)/admin/users/actions.ts", allowed: ["ADMIN"] },
  resetSecondFactorAction: { module: "app/(portal)/admin/users/actions.ts", allowed: ["ADMIN"] },
  saveMfaPolicyAction: { module: "app/(portal)/admin/users/policy-actions.ts", allowed: ["ADMIN"] },
  createApiClientAction: { module: "app/(portal)/admin/api-clients/actions.ts", allowed: ["ADMIN"] },
  revokeApiClientAction: { module: "app/(portal)/admin/api-clients/actions.ts", allowed: ["ADMIN"] },
  createLabInterfaceAction: { module: "app/(portal)/admin/lab-interfaces/actions.ts", allowed: ["ADMIN"] },
  revokeLabInterfaceAction: { module: "app/(portal)/admin/lab-interfaces/actions.ts", allowed: ["ADMIN"] },
  importHl7FileAction: { module: "app/(portal)/labs/import/actions.ts", allowed: ["NURSE", "DERMATOLOGIST"] },
  attachHl7ResultAction: { module: "app/(portal)/labs/queue/actions.ts", allowed: ["NURSE", "DERMATOLOGIST"] },
  dismissHl7ResultAction: { module: "app/(portal)/labs/queue/actions.ts", allowed: ["NURSE", "DERMATOLOGIST"] },
  runJobNowAction: { module: "app/(portal)/admin/jobs/actions.ts", allowed: ["ADMIN"] },
  changeOwnPasswordAction: { module: "app/(portal)/account/actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST", "ADMIN"] },
  enrollSecondFactorAction: { module: "app/(portal)/account/actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST", "ADMIN"] },
  regenerateRecoveryCodesAction: { module: "app/(portal)/account/actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST", "ADMIN"] },
  removeSecondFactorAction: { module: "app/(portal)/account/actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST", "ADMIN"] },
  signOutOtherSessionsAction: { module: "app/(portal)/account/actions.ts", allowed: ["STAFF", "NURSE", "DERMATOLOGIST", "ADMIN"] },
  // The steps of a sign-in and the setup link: authorized by the waiting session or the one-time token they
  // check themselves (tests/integration/accounts.test.ts, second-factor.test.ts).
  verifySecondFactorAction: { module: "app/(auth)/login/actions.ts", allowed: ALL },
  confirmEnrollmentAction: { module: "app/(auth)/login/actions.ts", allowed: ALL },
  cancelSignInAction: { module: "app/(auth)/login/actions.ts", allowed: ALL },
  completeSetupAction: { module: "app/(auth)/setup/[token]/actions.ts", allowed: ALL },
};
export const PUBLIC = new Set(["login", "logout", "verifySecondFactorAction", "confirmEnrollmentAction", "cancelSignInAction", "completeSetupAction"]);
