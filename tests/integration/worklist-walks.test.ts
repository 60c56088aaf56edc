import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { worklistFilter, worklistPageSql } from "@/lib/data/worklist-pages";
import { getPatientWorklist, type PatientWorklistQuery } from "@/lib/data/worklist";
import { makeUser, storedItem, testDb, TODAY } from "./helpers";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * One clinician's patients (the filter keeps other tests' rows out), with ids and MRNs of a prefix of this run
 * and suffixes chosen here, so that every order below is written out by hand. Today is 23 Nov 2026: an item due
 * 1 Nov is overdue, 20 Nov due, 27 Nov due soon, 20 Dec not yet on the list.
 *
 *   name           id  MRN  open items
 *   Quill, Ada     05  07   overdue (1 Nov), due soon (27 Nov)
 *   Quill, Ada     02  03   due soon (27 Nov)
 *   Quill, Ada     09  01   overdue (2 Nov)
 *   Quill, Bea     01  05   due (20 Nov)
 *   Quill, Cy      04  02   none: completed, waived
 *   Abbot, Zed     08  06   overdue (3 Nov)
 *   Zorn, Al       03  04   due soon (28 Nov), and a waived overdue one
 *   Mills, Eve     06  08   none: due 20 Dec, not yet listed
 *   Mills, Dan     07  09   a pregnancy test awaiting the dermatologist's review, which office staff do not get
 */
async function clinic() {
  const db = testDb();
  const derm = await makeUser("DERMATOLOGIST");
  const run = randomBytes(4).toString("hex");
  const patients: [string, string, string, string][] = [
    ["Quill", "Ada", "05", "07"],
    ["Quill", "Ada", "02", "03"],
    ["Quill", "Ada", "09", "01"],
    ["Quill", "Bea", "01", "05"],
    ["Quill", "Cy", "04", "02"],
    ["Abbot", "Zed", "08", "06"],
    ["Zorn", "Al", "03", "04"],
    ["Mills", "Eve", "06", "08"],
    ["Mills", "Dan", "07", "09"],
  ];
  const label = new Map<string, string>();
  for (const [lastName, firstName, id, mrn] of patients) {
    const patientId = `${run}-0000-4000-8000-0000000000${id}`;
    label.set(patientId, `${lastName} ${firstName} ${id}`);
    await db.patient.create({
      data: {
        id: patientId,
        mrn: `W${run}-${mrn}`,
        firstName,
        lastName,
        dateOfBirth: day("2000-01-01"),
        sexAtBirth: "FEMALE",
        pregnancyCategory: "CANNOT_BECOME_PREGNANT",
        indication: "ACNE_NODULAR",
        primaryClinicianId: derm.id,
      },
    });
  }
  const id = (suffix: string) => `${run}-0000-4000-8000-0000000000${suffix}`;
  await db.monitoringItemRow.createMany({
    data: [
      storedItem(id("05"), "a", "2026-11-01"),
      storedItem(id("05"), "b", "2026-11-27"),
      storedItem(id("02"), "a", "2026-11-27"),
      storedItem(id("09"), "a", "2026-11-02"),
      storedItem(id("01"), "a", "2026-11-20"),
      storedItem(id("04"), "a", "2026-11-01", { completedOn: day("2026-11-02") }),
      storedItem(id("04"), "b", "2026-11-01", { waived: true }),
      storedItem(id("08"), "a", "2026-11-03"),
      storedItem(id("03"), "a", "2026-11-28"),
      storedItem(id("03"), "b", "2026-10-01", { waived: true }),
      storedItem(id("06"), "a", "2026-12-20"),
      { ...storedItem(id("07"), "a", "2026-11-20"), kind: "PREG_REVIEW" },
    ],
  });
  return { derm, label };
}

describe("the worklist by name or MRN, walked to its page", () => {
  it("pages through shared names, the id breaking ties ascending in both directions, and through MRNs, as written out", async () => {
    const { derm, label } = await clinic();
    const STAFF = { role: "STAFF" as const };
    // Every page, from the walk (checked to answer it itself when the page is full) and as the worklist shows it.
    const pages = async (q: Omit<PatientWorklistQuery, "page" | "clinicianId">, pageSize: number, viewer: { role: "STAFF" | "DERMATOLOGIST" } = STAFF) => {
      const out: string[][] = [];
      for (let page = 1; ; page++) {
        const query = { ...q, page, clinicianId: derm.id };
        const r = await getPatientWorklist(viewer, TODAY, query, pageSize);
        expect(r.page).toBe(page);
        const shown = r.rows.map((row) => label.get(row.patientId)!);
        const walk = worklistPageSql(query, worklistFilter(TODAY, query, viewer.role), page, pageSize);
        expect(walk.bounded).toBe(true);
        const walked = await testDb().$queryRaw<{ patient_id: string }[]>(walk.sql!);
        // A page the walk fills is its answer; a shorter one (the last) is the grouped query's.
        if (walked.length === pageSize) expect(walked.map((w) => label.get(w.patient_id))).toEqual(shown);
        out.push(shown);
        if (page >= r.pageCount) return { pages: out, total: r.total };
      }
    };
    expect(await pages({ sort: "name", dir: "asc" }, 2)).toEqual({
      pages: [
        ["Abbot Zed 08", "Quill Ada 02"],
        ["Quill Ada 05", "Quill Ada 09"],
        ["Quill Bea 01", "Zorn Al 03"],
      ],
      total: 6,
    });
    expect(await pages({ sort: "name", dir: "desc" }, 2)).toEqual({
      pages: [
        ["Zorn Al 03", "Quill Bea 01"],
        ["Quill Ada 02", "Quill Ada 05"],
        ["Quill Ada 09", "Abbot Zed 08"],
      ],
      total: 6,
    });
    // MRNs 01, 03, 04, 05, 06, 07 of the patients listed.
    expect(await pages({ sort: "mrn", dir: "asc" }, 4)).toEqual({
      pages: [
        ["Quill Ada 09", "Quill Ada 02", "Zorn Al 03", "Quill Bea 01"],
        ["Abbot Zed 08", "Quill Ada 05"],
      ],
      total: 6,
    });
    expect(await pages({ sort: "mrn", dir: "desc" }, 2)).toEqual({
      pages: [
        ["Quill Ada 05", "Abbot Zed 08"],
        ["Quill Bea 01", "Zorn Al 03"],
        ["Quill Ada 02", "Quill Ada 09"],
      ],
      total: 6,
    });
    // The dermatologist also gets the review awaiting them; the Quills' tie crosses a page's edge again.
    expect(await pages({ sort: "name", dir: "desc" }, 3, { role: "DERMATOLOGIST" })).toEqual({
      pages: [["Zorn Al 03", "Quill Bea 01", "Quill Ada 02"], ["Quill Ada 05", "Quill Ada 09", "Mills Dan 07"], ["Abbot Zed 08"]],
      total: 7,
    });
    // Filtered by status: only the patients with an overdue item, each with its earliest such date.
    expect(await pages({ sort: "name", dir: "desc", status: "OVERDUE" }, 2)).toEqual({
      pages: [["Quill Ada 05", "Quill Ada 09"], ["Abbot Zed 08"]],
      total: 3,
    });
    expect(await pages({ sort: "mrn", dir: "asc", status: "DUE_SOON" }, 1)).toEqual({
      pages: [["Quill Ada 02"], ["Zorn Al 03"], ["Quill Ada 05"]],
      total: 3,
    });
    const overdue = await getPatientWorklist(STAFF, TODAY, { sort: "name", dir: "desc", status: "OVERDUE", page: 1, clinicianId: derm.id }, 2);
    expect(overdue.rows.map((r) => [label.get(r.patientId), r.firstDue, r.items.map((i) => i.itemKey)])).toEqual([
      ["Quill Ada 05", "2026-11-01", ["a"]],
      ["Quill Ada 09", "2026-11-02", ["a"]],
    ]);
    const soon = await getPatientWorklist(STAFF, TODAY, { sort: "name", dir: "asc", status: "DUE_SOON", page: 2, clinicianId: derm.id }, 1);
    expect(soon.rows.map((r) => [label.get(r.patientId), r.firstDue, r.items.map((i) => i.itemKey)])).toEqual([["Quill Ada 05", "2026-11-27", ["b"]]]);
    // A page past the end is the last page, as before.
    expect(await getPatientWorklist(STAFF, TODAY, { sort: "name", dir: "asc", page: 9, clinicianId: derm.id }, 2)).toMatchObject({ page: 3, total: 6 });
  });
});
