import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { appendAuditRecord as writeAudit } from "@/lib/data/audit";
import { getAuditReport } from "@/lib/data/audit-report";
import { getCourseSummaryPage } from "@/lib/data/course-summary-page";
import { listUsers } from "@/lib/data/users";
import { startCourseFor } from "./course-fixture";
import { actAs, makePatient, makeUser, testDb } from "./helpers";

/** The list pages' sorts, read back in the order the database gives them. */
describe("sortable lists", () => {
  it("users sort by email, role or status, the name breaking ties", async () => {
    const tag = randomUUID().slice(0, 8);
    const db = testDb();
    const make = (name: string, email: string, role: "NURSE" | "STAFF", disabled: boolean) =>
      db.user.create({ data: { name: `${name} ${tag}`, email: `${email}-${tag}@sort.test`, role, disabled } });
    await make("Bea", "c", "STAFF", false);
    await make("Abe", "b", "NURSE", true);
    await make("Cal", "a", "NURSE", false);
    const admin = { role: "ADMIN" as const };
    const mine = async (key: "name" | "email" | "role" | "status", dir: "asc" | "desc") =>
      (await listUsers(admin, { key, dir })).filter((u) => u.name.endsWith(tag)).map((u) => u.name.slice(0, 3));
    expect(await mine("name", "asc")).toEqual(["Abe", "Bea", "Cal"]);
    expect(await mine("email", "asc")).toEqual(["Cal", "Abe", "Bea"]);
    expect(await mine("email", "desc")).toEqual(["Bea", "Abe", "Cal"]);
    // The Role enum's order: DERMATOLOGIST, NURSE, STAFF, ADMIN.
    expect(await mine("role", "asc")).toEqual(["Abe", "Cal", "Bea"]);
    // Active first, then disabled.
    expect(await mine("status", "asc")).toEqual(["Bea", "Cal", "Abe"]);
    await expect(listUsers({ role: "DERMATOLOGIST" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("the audit trail sorts by time either way and by action as its label reads, newest first within an action", async () => {
    const nurse = await makeUser("NURSE");
    await testDb().$transaction(async (tx) => {
      for (const action of ["patients.view_list", "patient.view", "patients.view_list", "account.sign_in"])
        await writeAudit(tx, nurse, { action, entityType: "Test", entityId: action });
    });
    const report = async (key: "time" | "action", dir: "asc" | "desc") =>
      (await getAuditReport({ role: "ADMIN" }, { actorId: nurse.id, page: 1 }, 50, { key, dir })).rows.map((r) => [r.action, Number(r.id)] as const);
    const newest = await report("time", "desc");
    expect(newest.map(([a]) => a)).toEqual(["account.sign_in", "patients.view_list", "patient.view", "patients.view_list"]);
    expect((await report("time", "asc")).map(([a]) => a)).toEqual(["patients.view_list", "patient.view", "patients.view_list", "account.sign_in"]);
    // "Account sign in" (an earlier version's action, read as its words), "Patient list viewed", "Patient record viewed".
    const byAction = await report("action", "asc");
    expect(byAction.map(([a]) => a)).toEqual(["account.sign_in", "patients.view_list", "patients.view_list", "patient.view"]);
    expect(byAction[1]![1]).toBeGreaterThan(byAction[2]![1]);
  });

  it("the dashboard's courses sort by cumulative mg/kg either way", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const [low, high] = [await makePatient(), await makePatient()];
    // 10 mg and 40 mg daily at 50 kg from 2026-11-14: 100 mg = 2 mg/kg and 400 mg = 8 mg/kg by 23 Nov.
    await startCourseFor(low.id, { startDate: "2026-11-14", startWeightKg: "50", capsuleStrengthMg: "10", mgPerIntake: "10" });
    await startCourseFor(high.id, { startDate: "2026-11-14", startWeightKg: "50", mgPerIntake: "40" });
    const order = async (dir: "asc" | "desc") =>
      (await getCourseSummaryPage({ role: "DERMATOLOGIST" }, { limit: 10_000, offset: 0 }, { key: "cumulative", dir })).rows
        .filter((r) => r.patientId === low.id || r.patientId === high.id)
        .map((r) => [r.patientId, Math.round(r.mgPerKg * 10) / 10]);
    expect(await order("asc")).toEqual([
      [low.id, 2],
      [high.id, 8],
    ]);
    expect(await order("desc")).toEqual([
      [high.id, 8],
      [low.id, 2],
    ]);
  });
});
