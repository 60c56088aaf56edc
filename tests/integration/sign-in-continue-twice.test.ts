import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { continueSignInAction } from "@/app/(auth)/login/actions";
import { getCurrentUser } from "@/lib/auth/session";
import { IDLE } from "@/lib/validation/action-result";
import { callAction, form, until } from "./helpers";
import { noneRequired } from "./account-helpers";
import { waitingForLocks } from "./lock-helpers";
import { atRecoveryCodes } from "./sign-in-fixture";

// The token moves as Auth.js moves it, claimed in the database (claiming-auth.ts).
vi.mock("@/lib/auth/config", () => import("./claiming-auth"));

beforeEach(noneRequired);
afterEach(noneRequired);

describe("going on from the recovery codes twice at once (two tabs, or a form sent twice before the page is interactive)", () => {
  it("the second answer sends the signed-in user on, never tells them their sign-in has ended", async () => {
    const { user, resume } = await atRecoveryCodes();

    // A connection of the test holds the account's row, so both submissions have read the waiting session
    // before either completes the sign-in.
    const gate = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await gate.connect();
    await gate.query("BEGIN");
    await gate.query("SELECT id FROM users WHERE id = $1::uuid FOR UPDATE", [user.id]);
    const first = callAction(() => continueSignInAction(IDLE, form({ resume })));
    await until(async () => (await waitingForLocks()) === 1, "the first go-on to wait for the account's row");
    const second = callAction(() => continueSignInAction(IDLE, form({ resume })));
    await until(async () => (await waitingForLocks()) === 2, "the second go-on to wait for the account's row");
    await gate.query("COMMIT");
    await gate.end();

    expect(await first).toEqual({ redirect: "/login" });
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
    // The user is signed in: the second answer must not say otherwise.
    expect(await second).toEqual({ redirect: "/login" });
  });
});
