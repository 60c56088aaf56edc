import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchAuditTrailAction } from "@/app/(portal)/admin/audit/actions";
import AuditPage from "@/app/(portal)/admin/audit/page";
import { VerificationResult } from "@/app/(portal)/admin/audit/verification-result";
import { auditKey, readCheckpoints } from "@/lib/data/audit-chain";
import { openChainReport, sealChainReport } from "@/lib/data/audit-verify";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, form, makeUser, testDb } from "./helpers";

/**
 * "Verify hash chain" reads the whole audit trail and may append a checkpoint: the page's form runs it in
 * its POST (the server action, administrators only), and the page's GET only shows the result that POST
 * sealed for the administrator who ran it, for ten minutes. An address (a link, a reload, a `verify=1`
 * flag) never runs a verification.
 */
type Shown = { report: { checked: number; brokenAt: string | null; truncated: unknown; badCheckpoints: number }; verifiedAt: Date } | null;

/** The props the page gives its verification result, read from the element tree it returns. */
function verificationShown(node: unknown): { shown: Shown; stale: boolean }[] {
  if (Array.isArray(node)) return node.flatMap(verificationShown);
  if (!node || typeof node !== "object" || !("props" in node)) return [];
  const element = node as { type: unknown; props: Record<string, unknown> };
  const own = element.type === VerificationResult ? [element.props as { shown: Shown; stale: boolean }] : [];
  return [...own, ...Object.values(element.props).flatMap(verificationShown)];
}
const render = async (query: Record<string, string>) => verificationShown(await AuditPage({ searchParams: Promise.resolve(query) }));

// Checkpoints here come from verifications only, not from every hundredth audit row.
const every = process.env.AUDIT_CHECKPOINT_EVERY;
beforeAll(() => {
  process.env.AUDIT_CHECKPOINT_EVERY = String(Number.MAX_SAFE_INTEGER);
});
afterAll(() => {
  if (every === undefined) delete process.env.AUDIT_CHECKPOINT_EVERY;
  else process.env.AUDIT_CHECKPOINT_EVERY = every;
});

async function headId() {
  const head = await testDb().auditEvent.findFirstOrThrow({ orderBy: { id: "desc" }, select: { id: true } });
  return head.id.toString();
}
const checkpointed = async (id: string) => {
  const [{ db }] = await testDb().$queryRaw<[{ db: string }]>`SELECT current_database() AS db`;
  return readCheckpoints(auditKey(), db).valid.some((c) => c.id === id);
};

async function verifyByPost(admin: { id: string }) {
  actAs(admin);
  const result = await callAction(() => searchAuditTrailAction(IDLE, form({ from: "", to: "", actor: "", patient: "", verify: "1" })));
  if (!("redirect" in result)) throw new Error(`no redirect: ${JSON.stringify(result)}`);
  return result.redirect;
}

describe("verifying the audit chain from the audit page", () => {
  it("a GET never verifies: an unsigned verify=1 shows nothing", async () => {
    actAs(await makeUser("ADMIN"));
    expect(await render({ verify: "1" })).toEqual([{ shown: null, stale: false }]);
  });

  it("the button's POST verifies, and the page shows that result to its administrator, again on reload, without verifying again", async () => {
    const admin = await makeUser("ADMIN");
    const [head, rows] = [await headId(), await testDb().auditEvent.count()];
    const redirect = await verifyByPost(admin);
    // Verification ran in the POST: an intact trail gets a checkpoint at its head.
    expect(await checkpointed(head)).toBe(true);
    const chain = new URL(redirect, "http://localhost").searchParams.get("chain")!;
    expect(redirect).toBe(`/admin/audit?chain=${chain}`);

    const [first] = await render({ chain });
    expect(first!.stale).toBe(false);
    expect(first!.shown!.report).toEqual({ checked: rows, brokenAt: null, truncated: null, badCheckpoints: 0 });
    expect(Math.abs(first!.shown!.verifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
    // A reload shows the same result: nothing ran again (the trail has grown since, by the page views).
    const head2 = await headId();
    expect(await render({ chain })).toEqual([first]);
    expect(await checkpointed(head2)).toBe(false);
  });

  it("shows no result to another administrator, nor an altered, forged or expired one", async () => {
    const admin = await makeUser("ADMIN");
    const chain = new URL(await verifyByPost(admin), "http://localhost").searchParams.get("chain")!;
    const stale = [{ shown: null, stale: true }];
    actAs(await makeUser("ADMIN"));
    expect(await render({ chain })).toEqual(stale);

    actAs(admin);
    const [payload, mac] = chain.split(".") as [string, string];
    const altered = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    altered.report.brokenAt = "1";
    expect(await render({ chain: `${Buffer.from(JSON.stringify(altered)).toString("base64url")}.${mac}` })).toEqual(stale);
    expect(await render({ chain: payload })).toEqual(stale);
    expect(await render({ chain: `${payload}.${mac}.x` })).toEqual(stale);
    // A seal of the right length in characters but not in bytes: refused, not an error page.
    expect(await render({ chain: `${payload}.é${mac.slice(1)}` })).toEqual(stale);

    const report = { checked: 3, brokenAt: null, truncated: null, badCheckpoints: 0 };
    const at = new Date("2026-11-23T15:00:00Z");
    const sealed = sealChainReport(report, admin.id, at);
    expect(openChainReport(sealed, admin.id, new Date(at.getTime() + 10 * 60_000))).toEqual({ report, verifiedAt: at });
    expect(openChainReport(sealed, admin.id, new Date(at.getTime() + 10 * 60_000 + 1))).toBeNull();
    expect(openChainReport(sealed, admin.id, new Date(at.getTime() - 2 * 60_000))).toBeNull();
  });

  it("is refused to anyone but an administrator, and runs nothing for them", async () => {
    for (const role of ["DERMATOLOGIST", "NURSE", "STAFF"] as const) {
      actAs(await makeUser(role));
      const head = await headId();
      const result = await callAction(() => searchAuditTrailAction(IDLE, form({ from: "", to: "", actor: "", patient: "", verify: "1" })));
      expect(result).toMatchObject({ state: { status: "error" } });
      // The refusal is audited (access.denied), but nothing verified: no checkpoint at the head it found.
      expect(await checkpointed(head)).toBe(false);
    }
  });
});
