/**
 * The one role-to-permission table. Pages, data functions and server actions all ask `can()`; the
 * navigation is derived from it too. Minimum necessary (HIPAA 45 CFR 164.502(b)): office staff work the
 * monitoring worklist without seeing lab values; administrators manage accounts and read the audit
 * trail, and watch the background jobs, without clinical access; only dermatologists prescribe or change doses, and
 * dermatologists and nurses record (and correct) the day the pharmacy dispensed a prescription, a fact learned from
 * the pharmacy that turns on what the patient was given (`dispensing.record`). Pregnancy prevention:
 * nurses and dermatologists record contraception; only dermatologists counsel, change a patient's
 * category or decide on a positive test; office staff never see a pregnancy test result. Everyone manages
 * their own password, second factor and sessions (`account.self`), and only their own. Access to patient
 * data is never granted by an administrator alone: a dermatologist gives the setup link of an account that
 * sees patient data, and approves the tokens that do (`access.approve`).
 */
export const ROLES = ["DERMATOLOGIST", "NURSE", "STAFF", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "dashboard.read",
  "patients.read",
  "patients.write",
  "courses.read",
  "doses.write",
  "dispensing.record",
  "weights.write",
  "labs.read",
  "labs.write",
  "labs.acknowledge",
  "monitoring.read",
  "monitoring.outreach",
  "monitoring.waive",
  "pregnancy.record",
  "pregnancy.decide",
  "catalogue.manage",
  "settings.manage",
  "users.manage",
  "audit.read",
  "jobs.manage",
  "access.approve",
  "account.self",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  DERMATOLOGIST: [
    "dashboard.read",
    "patients.read",
    "patients.write",
    "courses.read",
    "doses.write",
    "dispensing.record",
    "weights.write",
    "labs.read",
    "labs.write",
    "labs.acknowledge",
    "monitoring.read",
    "monitoring.outreach",
    "monitoring.waive",
    "pregnancy.record",
    "pregnancy.decide",
    "catalogue.manage",
    "settings.manage",
    "access.approve",
    "account.self",
  ],
  NURSE: [
    "patients.read",
    "patients.write",
    "courses.read",
    "dispensing.record",
    "weights.write",
    "labs.read",
    "labs.write",
    "monitoring.read",
    "monitoring.outreach",
    "pregnancy.record",
    "account.self",
  ],
  STAFF: ["patients.read", "patients.write", "monitoring.read", "monitoring.outreach", "account.self"],
  ADMIN: ["users.manage", "audit.read", "jobs.manage", "account.self"],
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && ROLE_PERMISSIONS[role].includes(permission);
}

/** Does this role see patient data? Its accounts are taken up only through a dermatologist's setup link. */
export const seesPatientData = (role: Role) => can(role, "patients.read");
export const PATIENT_DATA_ROLES: readonly Role[] = ROLES.filter(seesPatientData);

export const ROLE_LABELS: Record<Role, string> = {
  DERMATOLOGIST: "Dermatologist",
  NURSE: "Nurse",
  STAFF: "Office staff",
  ADMIN: "Administrator",
};

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", permission: "dashboard.read" },
  { href: "/patients", label: "Patients", permission: "patients.read" },
  { href: "/monitoring", label: "Monitoring worklist", permission: "monitoring.read" },
  { href: "/labs/queue", label: "Unfiled lab results", permission: "labs.write" },
  { href: "/lab-catalogue", label: "Lab catalogue", permission: "catalogue.manage" },
  { href: "/settings", label: "Clinic settings", permission: "settings.manage" },
  { href: "/approvals", label: "Approvals", permission: "access.approve" },
  { href: "/admin/users", label: "Users", permission: "users.manage" },
  { href: "/admin/audit", label: "Audit trail", permission: "audit.read" },
  { href: "/admin/jobs", label: "Background jobs", permission: "jobs.manage" },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => can(role, item.permission));
}

/** Where each role lands after login. */
export function homePathFor(role: Role): string {
  return navFor(role)[0]?.href ?? "/login";
}
