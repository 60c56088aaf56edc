import { randomInt, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mrnOrNameSql, searchPatients } from "@/lib/data/patients";
import { getPatientWorklist } from "@/lib/data/worklist";
import { storedItem, testDb, TODAY } from "./helpers";

const VIEWER = { role: "STAFF" as const };

/** Patient search through its indexes: the MRN (exactly, its start or its end), date of birth, and case-insensitive name prefixes. */
describe("patient search", () => {
  const tag = randomUUID().slice(0, 6);
  const make = (firstName: string, lastName: string, mrn: string, dob = "1999-04-03") =>
    testDb().patient.create({
      data: {
        mrn,
        firstName,
        lastName,
        dateOfBirth: new Date(`${dob}T00:00:00Z`),
        sexAtBirth: "FEMALE",
        pregnancyCategory: "CANNOT_BECOME_PREGNANT",
        indication: "ACNE_NODULAR",
      },
    });

  it("finds by MRN in any case, by date of birth in either format, and by every name term as a prefix", async () => {
    const [ana, anabel, bo] = [
      await make("Ana", `Zq${tag}son`, `S-${tag}-1`, "1988-02-29"),
      await make("Anabel", `Zq${tag}son`, `S-${tag}-2`),
      await make("Bo", `Zq${tag}sen`, `S-${tag}-3`),
    ];
    const ids = async (q: string) => (await searchPatients(VIEWER, q, 1)).rows.map((r) => r.id).sort();

    expect(await ids(`s-${tag}-1`.toUpperCase().toLowerCase())).toEqual([ana.id]);
    expect(await ids(`zq${tag}s`)).toEqual([ana.id, anabel.id, bo.id].sort());
    expect(await ids(`zq${tag}son ana`)).toEqual([ana.id, anabel.id].sort());
    expect(await ids(`ANABEL, ZQ${tag}SON`)).toEqual([anabel.id]);
    expect(await ids(`${tag}son`)).toEqual([]); // a prefix, not a substring
    // No other test's patient is born on 29 Feb 1988.
    expect(await ids("1988-02-29")).toEqual([ana.id]);
    expect(await ids("2/29/1988")).toEqual([ana.id]);
    // As the list shows it.
    expect(await ids("29 Feb 1988")).toEqual([ana.id]);
    expect(await ids("29 february 1988")).toEqual([ana.id]);
    expect(await ids("29 Feb 1988 (age 38)")).toEqual([ana.id]);
    expect(await ids("2/30/1988")).toEqual([]);
  });

  it("treats LIKE wildcards in a query as plain characters", async () => {
    const odd = await make("Per%cent", `Under_${tag}`, `S-${tag}-4`);
    expect((await searchPatients(VIEWER, "%", 1)).total).toBe(0);
    expect((await searchPatients(VIEWER, "_", 1)).total).toBe(0);
    expect((await searchPatients(VIEWER, "per%", 1)).rows.map((r) => r.id)).toEqual([odd.id]);
    expect((await searchPatients(VIEWER, `under_${tag}`, 1)).rows.map((r) => r.id)).toEqual([odd.id]);
  });

  it("pages in name order with an exact total", async () => {
    for (let i = 0; i < 23; i++) await make(`P${String(i).padStart(2, "0")}`, `Pg${tag}`, `S-${tag}-p${i}`);
    const first = await searchPatients(VIEWER, `pg${tag}`, 1);
    const second = await searchPatients(VIEWER, `pg${tag}`, 2);
    expect(first.total).toBe(23);
    expect(first.pageCount).toBe(2);
    expect(first.rows.map((r) => r.firstName)).toEqual(Array.from({ length: 20 }, (_, i) => `P${String(i).padStart(2, "0")}`));
    expect(second.rows.map((r) => r.firstName)).toEqual(["P20", "P21", "P22"]);
  });

  it("sorts by each column in either direction, with the name breaking ties", async () => {
    await make("Cy", `So${tag}c`, `S-${tag}-s3`, "1980-05-01");
    await make("Al", `So${tag}a`, `S-${tag}-s1`, "1999-01-31");
    await make("Bo", `So${tag}b`, `S-${tag}-s2`, "1980-05-01");
    const order = async (key: "name" | "mrn" | "dob", dir: "asc" | "desc") =>
      (await searchPatients(VIEWER, `so${tag}`, 1, { key, dir })).rows.map((r) => r.firstName);
    expect(await order("name", "asc")).toEqual(["Al", "Bo", "Cy"]);
    expect(await order("name", "desc")).toEqual(["Cy", "Bo", "Al"]);
    expect(await order("mrn", "desc")).toEqual(["Cy", "Bo", "Al"]);
    // Bo and Cy share a date of birth: the name decides, in the same direction.
    expect(await order("dob", "asc")).toEqual(["Bo", "Cy", "Al"]);
    expect(await order("dob", "desc")).toEqual(["Al", "Cy", "Bo"]);
  });

  it("finds a patient by the end or the start of the MRN, in any case, on the patient list and the worklist", async () => {
    // Digits of this test's own, so that no other patient's MRN starts or ends with them.
    const n = String(randomInt(1_000_000, 10_000_000));
    const [a, b, c] = [await make("Ada", `Mr${tag}`, `MRN-${n}1`), await make("Bea", `Mr${tag}`, `MRN-${n}2`), await make("Cy", `Mr${tag}`, `X${n}1-b`)];
    const ids = async (q: string) => (await searchPatients(VIEWER, q, 1)).rows.map((r) => r.id).sort();

    expect(await ids(`${n}1`)).toEqual([a.id]); // the number without its prefix: "10021" for MRN-10021
    expect(await ids(`${n}1-B`)).toEqual([c.id]);
    expect(await ids(`mrn-${n}`)).toEqual([a.id, b.id].sort());
    expect(await ids(`MRN-${n}2`)).toEqual([b.id]);
    // Neither the start nor the end: not a match (a search is a prefix or a suffix, never a substring).
    expect(await ids(n.slice(1))).toEqual([]);
    expect((await searchPatients(VIEWER, `${n}1`, 1)).total).toBe(1);

    // The worklist's search, which also reads digits as a phone number, finds the MRN's end too.
    await testDb().monitoringItemRow.create({ data: storedItem(a.id, "pk", "2026-11-01") });
    const listed = await getPatientWorklist(VIEWER, TODAY, { search: `${n}1`, sort: "due", dir: "asc", page: 1 }, 25);
    expect(listed.rows.map((r) => r.patientId)).toEqual([a.id]);
  });

  it("reads the start and the end of an MRN through the indexes on lower(mrn) and reverse(lower(mrn))", async () => {
    // With sequential scans priced out, a condition that no index can serve still shows as a Seq Scan.
    const plan = await testDb().$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      return JSON.stringify(await tx.$queryRaw`EXPLAIN (FORMAT JSON) SELECT count(*) FROM patients p WHERE ${mrnOrNameSql("10021")}`);
    });
    expect(plan).toContain("patients_mrn_prefix_idx");
    expect(plan).toContain("patients_mrn_suffix_idx");
    expect(plan).not.toContain("Seq Scan");
  });
});
