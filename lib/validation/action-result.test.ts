import { describe, expect, it } from "vitest";
import { withFormProblems } from "./action-result";

const FIX = "Please correct the highlighted fields.";

describe("a refused form's problems of the whole form", () => {
  it("are its message when no field is marked", () => {
    expect(withFormProblems({ status: "error", message: FIX, fieldErrors: { _form: ["Enter at least one result."] } })).toMatchObject({
      message: "Enter at least one result.",
    });
  });

  it("come before the request to correct the fields marked, when one is", () => {
    const state = { status: "error" as const, message: FIX, fieldErrors: { _form: ["Enter at least one result."], specimenDate: ["Enter a date."] } };
    expect(withFormProblems(state).message).toBe(`Enter at least one result. ${FIX}`);
  });

  it("leave an answer without them, a success and a confirmation as they are", () => {
    const plain = { status: "error" as const, message: FIX, fieldErrors: { specimenDate: ["Enter a date."] } };
    expect(withFormProblems(plain)).toBe(plain);
    const ok = { status: "ok" as const, message: "Saved." };
    expect(withFormProblems(ok)).toBe(ok);
  });
});
