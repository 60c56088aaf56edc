import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import { EXPECTED, PUBLIC } from "../authorization-table";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, countRows, makeUser, testDb } from "./helpers";

function serverActionModules(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "generated" && name !== "node_modules") serverActionModules(p, out);
    } else if (/\.tsx?$/.test(name) && /^["']use server["']/m.test(readFileSync(p, "utf8"))) out.push(p);
  }
  return out;
}

async function discoverActions(): Promise<Map<string, (prev: unknown, fd: FormData) => Promise<unknown>>> {
  const found = new Map<string, (prev: unknown, fd: FormData) => Promise<unknown>>();
  for (const file of [...serverActionModules("app"), ...serverActionModules("lib")]) {
    const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === "function") found.set(name, value as never);
    for (const name of Object.keys(mod)) if (typeof mod[name] === "function") expect(EXPECTED[name]?.module, `${name} is exported from ${file}`).toBe(file);
  }
  return found;
}

const DENIED = ["You do not have permission to do this.", "Your session has ended. Sign in again."];

describe("authorization matrix", () => {
  it("lists every server action in the code, and only those", async () => {
    const actions = await discoverActions();
    expect([...actions.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("checks every action for every caller; denials change no rows", async () => {
    const actions = await discoverActions();
    const callers: { label: string; user: Awaited<ReturnType<typeof makeUser>> | null; role: Role | "ANONYMOUS" | "DISABLED" }[] = [
      { label: "anonymous", user: null, role: "ANONYMOUS" },
      ...(["STAFF", "NURSE", "DERMATOLOGIST", "ADMIN"] as const).map((role) => ({ label: role, user: null as never, role })),
      { label: "disabled dermatologist", user: null, role: "DISABLED" },
    ];
    for (const c of callers) {
      if (c.role === "DISABLED") c.user = await makeUser("DERMATOLOGIST", { disabled: true });
      else if (c.role !== "ANONYMOUS") c.user = await makeUser(c.role);
    }
    let checked = 0;
    for (const [name, action] of actions) {
      if (PUBLIC.has(name)) continue;
      for (const c of callers) {
        actAs(c.user);
        const before = await countRows();
        const deniedBefore = await testDb().auditEvent.count({ where: { action: "access.denied" } });
        const result = (await callAction(() => action(IDLE, new FormData()))) as { state?: { status: string; message?: string } };
        const allowed = c.role !== "ANONYMOUS" && c.role !== "DISABLED" && EXPECTED[name]!.allowed.includes(c.role);
        const wasDenied = result.state?.status === "error" && DENIED.includes(result.state.message ?? "");
        expect(wasDenied, `${name} as ${c.label}`).toBe(!allowed);
        if (!allowed) {
          expect(await countRows(), `${name} as ${c.label} wrote`).toEqual(before);
          // A signed-in caller's attempt is recorded; an anonymous or disabled one is not (it could fill the trail).
          const signedIn = c.role !== "ANONYMOUS" && c.role !== "DISABLED";
          expect(await testDb().auditEvent.count({ where: { action: "access.denied" } }), `${name} as ${c.label}: attempts recorded`).toBe(
            deniedBefore + (signedIn ? 1 : 0),
          );
        }
        checked++;
      }
    }
    expect(checked).toBe((Object.keys(EXPECTED).length - PUBLIC.size) * callers.length);
  });
});

/** Hostile inputs for every field an action reads: each must get a clear refusal and write nothing. */
const HOSTILE: Record<string, string>[] = [
  {},
  { patientId: "not-a-uuid", courseId: "1; DROP TABLE courses", userId: "../../etc/passwd", labResultId: "NaN" },
  {
    patientId: "00000000-0000-0000-0000-000000000000",
    courseId: "00000000-0000-0000-0000-000000000000",
    version: "1",
    effectiveFrom: "2026-02-30",
    date: "0000-00-00",
    reason: "x",
  },
  { mgPerIntake: "NaN", intakesPerDay: "Infinity", pattern: "DAILY", version: "-1", targetMgPerKg: "1e308", startWeightKg: "-60" },
  {
    mrn: "<script>alert(1)</script>",
    firstName: "a".repeat(100_000),
    lastName: "' OR 1=1 --",
    dateOfBirth: "2026-13-45",
    sexAtBirth: "{}",
    pregnancyCategory: "[]",
    indication: "null",
  },
  { itemKey: "course:<img src=x>:baseline", note: "x".repeat(10_000), reason: "\u0000", role: "SUPERUSER", email: "a@", password: "short", disabled: "maybe" },
  { __proto__: "x", constructor: "y", "value:00000000-0000-0000-0000-000000000000": "1", submissionId: "zzz", specimenDate: "yesterday" },
];

describe("input fuzzing", () => {
  it("every action answers hostile input with a clear refusal, never a throw or a write", async () => {
    const actions = await discoverActions();
    const asRole: Record<string, Role> = {};
    for (const [name, spec] of Object.entries(EXPECTED)) asRole[name] = (spec.allowed.find((r) => r !== "ANONYMOUS") ?? "DERMATOLOGIST") as Role;
    const users = new Map<Role, Awaited<ReturnType<typeof makeUser>>>();
    for (const r of ["STAFF", "NURSE", "DERMATOLOGIST", "ADMIN"] as const) users.set(r, await makeUser(r));
    let tried = 0;
    for (const [name, action] of actions) {
      if (PUBLIC.has(name)) continue;
      actAs(users.get(asRole[name]!)!);
      for (const payload of HOSTILE) {
        const fd = new FormData();
        for (const [k, v] of Object.entries(payload)) fd.append(k, v);
        const before = await countRows();
        const result = (await callAction(() => action(IDLE, fd))) as { state?: { status: string; message?: string } };
        expect(result.state?.status, `${name} with ${JSON.stringify(payload).slice(0, 80)}`).toBe("error");
        expect(result.state?.message, name).toMatch(/^[A-Z][^<>{}]*\.$/);
        expect(await countRows()).toEqual(before);
        tried++;
      }
    }
    expect(tried).toBe((actions.size - PUBLIC.size) * HOSTILE.length);
  });

  it("every action answers a body that is not a form (a forged call) with a clear refusal, never a throw or a write", async () => {
    const actions = await discoverActions();
    const users = new Map<Role, Awaited<ReturnType<typeof makeUser>>>();
    for (const r of ["STAFF", "NURSE", "DERMATOLOGIST", "ADMIN"] as const) users.set(r, await makeUser(r));
    const forged: unknown[][] = [["x"], [IDLE, "x"], [IDLE, { patientId: "00000000-0000-0000-0000-000000000000" }], [null, null], []];
    let tried = 0;
    for (const [name, action] of actions) {
      if (PUBLIC.has(name)) continue;
      // As a role the action allows, so that the body itself is what is refused.
      actAs(users.get((EXPECTED[name]!.allowed.find((r) => r !== "ANONYMOUS") ?? "DERMATOLOGIST") as Role)!);
      for (const args of forged) {
        const before = await countRows();
        const call = action as (...a: unknown[]) => Promise<unknown>;
        const result = (await callAction(() => call(...args))) as { state?: { status: string; message?: string } };
        expect(result.state?.status, `${name} with ${JSON.stringify(args)}`).toBe("error");
        expect(result.state?.message, name).toMatch(/^[A-Z][^<>{}]*\.$/);
        expect(await countRows()).toEqual(before);
        tried++;
      }
    }
    expect(tried).toBe((actions.size - PUBLIC.size) * forged.length);
    // The public ones that read a form, signed out.
    actAs(null);
    for (const name of ["login", "verifySecondFactorAction", "confirmEnrollmentAction", "continueSignInAction", "completeSetupAction"]) {
      const call = actions.get(name)! as (...a: unknown[]) => Promise<unknown>;
      for (const args of forged)
        expect(await call(...args), `${name} with ${JSON.stringify(args)}`).toMatchObject({ status: "error", message: /^This request was not sent/ });
    }
  });
});
