import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { continueSignInAction, verifySecondFactorAction } from "@/app/(auth)/login/actions";
import { unstable_update } from "@/lib/auth/config";
import { getCurrentUser, getSession } from "@/lib/auth/session";
import { getAuditReport } from "@/lib/data/audit-report";
import { IDLE } from "@/lib/validation/action-result";
import { callAction, form, testDb } from "./helpers";
import { noneRequired } from "./account-helpers";
import { sessionState } from "./setup";
import { atRecoveryCodes } from "./sign-in-fixture";

// The token moves as Auth.js moves it, claimed in the database (claiming-auth.ts).
vi.mock("@/lib/auth/config", () => import("./claiming-auth"));

beforeEach(noneRequired);
afterEach(noneRequired);

describe("going on from the recovery codes of a set-up at sign-in", () => {
  it("moves the token once: a copy of the waiting token with the form's value, afterwards, opens nothing", async () => {
    const { user, waiting, resume } = await atRecoveryCodes();
    expect(await callAction(() => continueSignInAction(IDLE, form({ resume })))).toEqual({ redirect: "/login" });
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
    sessionState.current = { userId: user.id, sid: waiting };
    expect(await callAction(() => continueSignInAction(IDLE, form({ resume })))).toEqual({ redirect: "/login" });
    expect(sessionState.current.sid).toBe(waiting);
    expect(await getCurrentUser()).toBeNull();
  });

  it("a second go-on still carrying the waiting token (sent before the first one's cookie arrived) leaves the moved session signed in", async () => {
    const { user, waiting, resume } = await atRecoveryCodes();
    expect(await callAction(() => continueSignInAction(IDLE, form({ resume })))).toEqual({ redirect: "/login" });
    const moved = sessionState.current!.sid!;
    expect(moved).not.toBe(waiting);
    // The same browser's second submission, sent with the cookie it had before the first answer came back.
    sessionState.current = { userId: user.id, sid: waiting };
    await callAction(() => continueSignInAction(IDLE, form({ resume })));
    // The session the first submission moved the token to is the user's: it must not be ended by the second.
    expect(await testDb().userSession.findUniqueOrThrow({ where: { id: moved } })).toMatchObject({ revokedAt: null });
    sessionState.current = { userId: user.id, sid: moved };
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
  });

  it("while the codes are on the screen, no session completes the sign-in: the audit trail names none, and a copy of the waiting token is asked for a code", async () => {
    const { user, waiting } = await atRecoveryCodes();
    // Nothing an administrator reads of the trail, or the database holds, names a session the copy could move to.
    expect(await testDb().userSession.count({ where: { rotatedFromId: waiting } })).toBe(0);
    const report = await getAuditReport({ role: "ADMIN" }, { actorId: user.id, page: 1 });
    expect(report.rows.filter((r) => r.action === "auth.login")).toEqual([]);
    // The copy at Auth.js's session endpoint (the body of POST /api/auth/session) with any id moves nowhere.
    sessionState.current = { userId: user.id, sid: waiting };
    const other = await testDb().userSession.findFirst({ where: { userId: user.id, id: { not: waiting } }, select: { id: true } });
    await unstable_update({ rotatedSid: other?.id ?? waiting } as Parameters<typeof unstable_update>[0]);
    expect(sessionState.current.sid).toBe(waiting);
    expect(await getSession()).toMatchObject({ id: waiting, stage: "MFA" });
    expect(await getCurrentUser()).toBeNull();
  });

  it("a page reloaded before going on (the sealed answer lost) asks for a code, and one of the codes just shown completes the sign-in", async () => {
    const { user, waiting, codes } = await atRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(await callAction(() => continueSignInAction(IDLE, form({})))).toEqual({ redirect: "/login" });
    expect(await getSession()).toMatchObject({ id: waiting, stage: "MFA" });
    expect(await getCurrentUser()).toBeNull();
    expect(await callAction(() => verifySecondFactorAction(IDLE, form({ code: codes[3]! })))).toEqual({ redirect: "/login" });
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
  });
});
