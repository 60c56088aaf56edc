import { z } from "zod";
import { describe, expect, it } from "vitest";
import { defineAction } from "@/lib/actions/client";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser } from "./helpers";

/*
 * A refused form's answer names the problems its write would find in the fields the schema let through
 * (alsoRefused), never in place of the schema's own, and looking for them cannot turn a refusal into an error page.
 */
const schema = z.object({ a: z.string().min(2, "Too short."), b: z.string() });
const action = (alsoRefused: () => Promise<Record<string, string[]>>) =>
  defineAction({ permission: "labs.write", schema, alsoRefused, run: async () => "Saved." });

describe("a refused form's further problems", () => {
  it("are added under the fields the schema did not name; a field it named keeps its message", async () => {
    actAs(await makeUser("NURSE"));
    const answer = await action(async () => ({ a: ["Another."], b: ["Not in the catalogue."] }))(IDLE, form({ a: "x", b: "y" }));
    expect(answer).toMatchObject({ status: "error", fieldErrors: { a: ["Too short."], b: ["Not in the catalogue."] } });
  });

  it("that cannot be looked for leave the schema's answer as it is", async () => {
    actAs(await makeUser("NURSE"));
    const answer = await action(async () => {
      throw new Error("the catalogue could not be read");
    })(IDLE, form({ a: "x", b: "y" }));
    expect(answer).toMatchObject({ status: "error", fieldErrors: { a: ["Too short."] } });
    expect(answer.status === "error" && answer.fieldErrors).toEqual({ a: ["Too short."] });
  });
});
