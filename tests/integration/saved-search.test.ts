import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { searchAuditTrailAction } from "@/app/(portal)/admin/audit/actions";
import { GET as exportAudit } from "@/app/(portal)/admin/audit/export/route";
import AuditPage from "@/app/(portal)/admin/audit/page";
import { searchWorklistAction } from "@/app/(portal)/monitoring/actions";
import { GET as exportWorklist } from "@/app/(portal)/monitoring/export/route";
import WorklistPage from "@/app/(portal)/monitoring/page";
import { searchPatientsAction } from "@/app/(portal)/patients/actions";
import PatientsPage from "@/app/(portal)/patients/page";
import { deleteExpiredSavedSearches, SAVED_SEARCH_HOURS, SEARCH_IN_ADDRESS, SEARCH_UNAVAILABLE, searchFromParams } from "@/lib/data/saved-searches";
import { appendAuditRecord } from "@/lib/data/audit";
import { JOB_HANDLERS } from "@/lib/jobs/registry";
import { IDLE } from "@/lib/validation/action-result";
import { NO_CONTROL_CHARACTERS } from "@/lib/validation/common";
import { actAs, callAction, form, makePatient, makeUser, storedItem, testDb, TODAY } from "./helpers";

/**
 * A term typed into a list's search box (names, MRNs, phone numbers, dates of birth) never reaches a URL:
 * the form posts it, the server keeps it as a saved search of its user, and the page's address carries
 * that row's id. The audit rows name the saved search and the kind of term, never the term.
 */
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const searchIdOf = (redirect: string) => new RegExp(`search=(${UUID})`).exec(redirect)?.[1] ?? "";
const params = <T extends object>(v: T) => Promise.resolve(v);
const lastAudit = (actorId: string, action: string) => testDb().auditEvent.findFirstOrThrow({ where: { actorId, action }, orderBy: { id: "desc" } });

async function namedPatient() {
  const tag = randomUUID().slice(0, 6);
  const digits = String(Math.floor(Math.random() * 10_000_000)).padStart(7, "0");
  const p = await makePatient();
  return testDb().patient.update({
    where: { id: p.id },
    data: { firstName: `Odile${tag}`, lastName: `Varga${tag}`, phone: `(555) ${digits.slice(0, 3)}-${digits.slice(3)}` },
  });
}

async function redirectOf(result: Promise<{ redirect: string } | { state: unknown }>): Promise<string> {
  const r = await result;
  expect(r, JSON.stringify(r)).toHaveProperty("redirect");
  return (r as { redirect: string }).redirect;
}

describe("the patient list's search", () => {
  it("goes to an address with the saved search's id only; the page finds the patient and records the id and kind, never the term", async () => {
    const p = await namedPatient();
    const staff = await makeUser("STAFF");
    actAs(staff);
    const term = `${p.lastName}, ${p.firstName}`;
    const redirect = await redirectOf(callAction(() => searchPatientsAction(IDLE, form({ q: ` ${term} ` }))));
    expect(redirect).toMatch(new RegExp(`^/patients\\?search=${UUID}$`));
    expect(redirect.toLowerCase()).not.toContain(p.lastName.toLowerCase());
    const id = searchIdOf(redirect);
    expect(await testDb().savedSearch.findUniqueOrThrow({ where: { id } })).toMatchObject({ userId: staff.id, term });

    // Its user reads the term back (the search box shows it).
    expect(await searchFromParams(staff, { search: id }, "q")).toEqual({ id, term, kind: "name", notice: null });
    await PatientsPage({ searchParams: params({ search: id }) });
    const view = await lastAudit(staff.id, "patients.view_list");
    expect(view.changes).toEqual({
      section: "patient-search",
      patientIds: [p.id],
      count: 1,
      filters: { page: 1, sort: "name-asc", search: id, searchKind: "name" },
    });
    expect(JSON.stringify(view.changes).toLowerCase()).not.toContain(p.lastName.toLowerCase());

    // An empty search clears it: the plain list, no row saved.
    const before = await testDb().savedSearch.count();
    expect(await redirectOf(callAction(() => searchPatientsAction(IDLE, form({ q: "  " }))))).toBe("/patients");
    expect(await testDb().savedSearch.count()).toBe(before);
  });

  it("a saved search is its own user's only, and lasts a working day", async () => {
    const p = await namedPatient();
    const [nurse, other] = [await makeUser("NURSE"), await makeUser("NURSE")];
    actAs(nurse);
    const id = searchIdOf(await redirectOf(callAction(() => searchPatientsAction(IDLE, form({ q: p.mrn })))));
    const row = await testDb().savedSearch.findUniqueOrThrow({ where: { id } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(SAVED_SEARCH_HOURS * 3_600_000);
    expect(await searchFromParams(nurse, { search: id }, "q")).toMatchObject({ term: p.mrn, kind: "mrn" });

    // Another user opening the same address: no search, a notice, and the list's view records no search.
    const none = { id: null, term: "", kind: null, notice: SEARCH_UNAVAILABLE };
    expect(await searchFromParams(other, { search: id }, "q")).toEqual(none);
    actAs(other);
    await PatientsPage({ searchParams: params({ search: id }) });
    expect((await lastAudit(other.id, "patients.view_list")).changes).toMatchObject({ section: "patient-list", filters: { page: 1, sort: "name-asc" } });
    // Its own user, once it has expired; a malformed or unknown id alike.
    const later = new Date(row.expiresAt.getTime() + 1000);
    expect(await searchFromParams(nurse, { search: id }, "q", later)).toEqual(none);
    expect(await searchFromParams(nurse, { search: "not-an-id" }, "q")).toEqual(none);
    expect(await searchFromParams(nurse, { search: randomUUID() }, "q")).toEqual(none);
    // A term in the address itself (an old bookmark) is not used.
    expect(await searchFromParams(nurse, { q: p.mrn }, "q")).toEqual({ ...none, notice: SEARCH_IN_ADDRESS });

    // Expired rows are deleted (they hold no clinical data); live ones stay.
    const { id: live } = await testDb().savedSearch.create({ data: { userId: nurse.id, term: "someone", expiresAt: new Date(later.getTime() + 60_000) } });
    expect(await deleteExpiredSavedSearches(later)).toBeGreaterThanOrEqual(1);
    expect(await testDb().savedSearch.findUnique({ where: { id } })).toBeNull();
    expect(await testDb().savedSearch.findUnique({ where: { id: live } })).not.toBeNull();
  });

  it("the hourly job deletes the expired saved searches", async () => {
    const user = await makeUser("STAFF");
    const hourAgo = new Date(Date.now() - 3_600_000);
    const expired = await testDb().savedSearch.create({ data: { userId: user.id, term: "Expired", createdAt: hourAgo, expiresAt: hourAgo } });
    const output = await JOB_HANDLERS["saved-searches-expire"].run({});
    expect(output).toMatchObject({ deleted: expect.any(Number) });
    expect(await testDb().savedSearch.findUnique({ where: { id: expired.id } })).toBeNull();
  });

  it("a search that cannot be used gets its message on the field, and nothing is saved", async () => {
    actAs(await makeUser("STAFF"));
    const before = await testDb().savedSearch.count();
    for (const [q, message] of [
      ["a".repeat(101), "Search with at most 100 characters."],
      [["a", "b"], "Search for one thing at a time."],
      ["ab\u0000cd", NO_CONTROL_CHARACTERS],
    ] as const) {
      const result = await callAction(() => searchPatientsAction(IDLE, form({ q: q as string | string[] })));
      expect(result, message).toMatchObject({ state: { status: "error", fieldErrors: { q: [message] } } });
    }
    expect(await testDb().savedSearch.count()).toBe(before);
  });
});

describe("the worklist's search", () => {
  it("keeps the filters and the order in the address, the term out of it; the page, its export and their audit rows use the id", async () => {
    const p = await namedPatient();
    await testDb().monitoringItemRow.create({ data: storedItem(p.id, "saved-search:1", "2026-11-01") });
    const staff = await makeUser("STAFF");
    actAs(staff);
    const digits = p.phone!.replace(/\D/g, "");
    const redirect = await redirectOf(
      callAction(() => searchWorklistAction(IDLE, form({ q: digits, kind: "PEAK_LABS", status: "", clinician: "", sort: "name", dir: "desc" }))),
    );
    const id = searchIdOf(redirect);
    expect(redirect).toBe(`/monitoring?search=${id}&kind=PEAK_LABS&sort=name&dir=desc`);
    expect(redirect).not.toContain(digits);

    await WorklistPage({ searchParams: params({ search: id, kind: "PEAK_LABS", sort: "name", dir: "desc" }) });
    const view = await lastAudit(staff.id, "patients.view_list");
    expect(view.changes).toMatchObject({ section: "worklist", patientIds: [p.id], filters: { search: id, searchKind: "mrn-or-phone", kind: "PEAK_LABS" } });
    expect(JSON.stringify(view.changes)).not.toContain(digits);

    const csv = await exportWorklist(new Request(`http://localhost/monitoring/export?search=${id}`));
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split(/\r?\n/)).toHaveLength(2);
    const exported = await lastAudit(staff.id, "monitoring.export");
    expect(exported.changes).toMatchObject({ rows: 1, patientIds: [p.id], filters: { search: id, searchKind: "mrn-or-phone" } });
    expect(JSON.stringify(exported.changes)).not.toContain(digits);

    // Someone else's saved search exports nothing: refused, with the reason.
    actAs(await makeUser("STAFF"));
    const refused = await exportWorklist(new Request(`http://localhost/monitoring/export?search=${id}`));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe(SEARCH_UNAVAILABLE);
  });
});

describe("the audit trail's patient filter", () => {
  it("is a saved search too: the page and the CSV record its id, the kind of term and the patients named, never the term", async () => {
    const p = await namedPatient();
    const nurse = await makeUser("NURSE");
    await testDb().$transaction((tx) => appendAuditRecord(tx, nurse, { action: "patient.view", entityType: "Patient", entityId: p.id, patientId: p.id }));
    const admin = await makeUser("ADMIN");
    actAs(admin);
    const redirect = await redirectOf(
      callAction(() => searchAuditTrailAction(IDLE, form({ from: TODAY, to: "", actor: nurse.id, patient: p.mrn, verify: "1" }))),
    );
    const id = searchIdOf(redirect);
    // "Verify hash chain" posts the same form: the address carries the result, sealed, never a flag that would verify again.
    expect(redirect).toMatch(new RegExp(`^/admin/audit\\?from=${TODAY}&actor=${nurse.id}&search=${id}&chain=[\\w-]+\\.[\\w-]+$`));

    await AuditPage({ searchParams: params({ actor: nurse.id, search: id }) });
    const view = await lastAudit(admin.id, "audit.view");
    expect(view.changes).toEqual({ from: null, to: null, actor: nurse.id, search: id, searchKind: "mrn", patientIds: [p.id] });

    // The patient's events: the nurse's view, and the page view just recorded (it named the patient).
    const csv = await exportAudit(new Request(`http://localhost/admin/audit/export?search=${id}`));
    expect(csv.status).toBe(200);
    const exported = await lastAudit(admin.id, "audit.export");
    expect(exported.changes).toEqual({ from: null, to: null, actor: null, search: id, searchKind: "mrn", patientIds: [p.id], rows: 2 });
    for (const row of [view, exported]) expect(JSON.stringify(row.changes)).not.toContain(p.mrn);

    // Dates that are not dates are the form's errors; nothing is saved.
    const before = await testDb().savedSearch.count();
    const bad = await callAction(() => searchAuditTrailAction(IDLE, form({ from: "2026-02-30", to: "", actor: "", patient: p.mrn })));
    expect(bad).toMatchObject({ state: { status: "error", fieldErrors: { from: ["That date does not exist."] } } });
    expect(await testDb().savedSearch.count()).toBe(before);
  });
});
