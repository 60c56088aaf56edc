import type { Permission } from "./permissions";

/**
 * The permission each portal page needs, by path, most specific first. The portal layout checks it before
 * any section streams, so that a refused page answers 403 even where a loading skeleton would otherwise
 * have started a 200; each page still checks its own permission (the layout is not re-rendered on client
 * navigation). A test compares this table with every page's own check.
 */
export const PAGE_PERMISSIONS: readonly { path: RegExp; permission: Permission }[] = [
  { path: /^\/dashboard(\/|$)/, permission: "dashboard.read" },
  { path: /^\/patients\/new$/, permission: "patients.write" },
  { path: /^\/patients\/import(\/|$)/, permission: "patients.write" },
  { path: /^\/patients\/[^/]+\/edit$/, permission: "patients.write" },
  { path: /^\/patients\/[^/]+\/courses\/(new|history)$/, permission: "doses.write" },
  { path: /^\/patients\/[^/]+\/print$/, permission: "labs.read" },
  { path: /^\/patients(\/|$)/, permission: "patients.read" },
  { path: /^\/monitoring(\/|$)/, permission: "monitoring.read" },
  { path: /^\/lab-catalogue(\/|$)/, permission: "catalogue.manage" },
  { path: /^\/settings(\/|$)/, permission: "settings.manage" },
  { path: /^\/approvals(\/|$)/, permission: "access.approve" },
  { path: /^\/admin\/audit(\/|$)/, permission: "audit.read" },
  { path: /^\/admin\/jobs(\/|$)/, permission: "jobs.manage" },
  { path: /^\/admin\/(users|api-clients|lab-interfaces)(\/|$)/, permission: "users.manage" },
  { path: /^\/labs(\/|$)/, permission: "labs.write" },
  { path: /^\/account(\/|$)/, permission: "account.self" },
];

/** The permission a path's page needs; null for a path the table does not know (the page decides). */
export function pagePermission(pathWithQuery: string): Permission | null {
  const path = pathWithQuery.split("?")[0]!;
  return PAGE_PERMISSIONS.find((p) => p.path.test(path))?.permission ?? null;
}

/** The pages under /patients/ that are not a patient's: the rest name one by id. */
const PATIENT_LIST_PAGES = new Set(["new", "import"]);

/**
 * The patient a path's page is about ("/patients/<id>" and the pages under it), or "" when the path names
 * something that cannot be a patient id; null for any other page. The portal layout answers 404 for a
 * patient that does not exist before a loading skeleton could start a 200.
 */
export function patientInPath(pathWithQuery: string): string | null {
  const segment = /^\/patients\/([^/?]+)/.exec(pathWithQuery.split("?")[0]!)?.[1];
  if (segment === undefined || PATIENT_LIST_PAGES.has(segment)) return null;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) ? segment : "";
}

/**
 * The import batch a path's page is about ("/patients/import/<id>"), or "" when the path names something that
 * cannot be a batch id; null for any other page. As for a patient, the portal layout answers 404 for a batch
 * the viewer may not see before the section's loading skeleton could start a 200.
 */
export function importBatchInPath(pathWithQuery: string): string | null {
  const segments = pathWithQuery.split("?")[0]!.split("/");
  if (segments.length !== 4 || segments[1] !== "patients" || segments[2] !== "import") return null;
  const segment = segments[3]!;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) ? segment : "";
}
