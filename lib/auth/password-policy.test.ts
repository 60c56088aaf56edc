import { describe, expect, it } from "vitest";
import { newPasswordSchema } from "./password-policy";

const messages = (password: string, ctx = { email: "robin.vale@clinic.test", name: "Robin Vale" }) => {
  const r = newPasswordSchema(ctx).safeParse(password);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe("new password policy", () => {
  it.each([
    ["correct horse battery staple", []],
    ["Tr0ub4dor&3-longer", []],
    ["short", ["Use at least 12 characters."]],
    ["elevenchars", ["Use at least 12 characters."]],
    ["Password1234", ["This password is too common. Choose a longer phrase of your own."]],
    ["aaaaaaaaaaaaaaaa", ["This password is too common. Choose a longer phrase of your own."]],
    ["robin.vale-is-me", ["Do not use your name or email in your password."]],
    ["my name is VALE, ok", ["Do not use your name or email in your password."]],
    ["ab".repeat(101), ["At most 200 characters."]],
  ])("%s → %j", (password, expected) => {
    expect(messages(password)).toEqual(expected);
  });

  it("checks name parts of four letters or more only", () => {
    expect(messages("robins-garden-path")).toEqual(["Do not use your name or email in your password."]);
    expect(messages("jo and li walk at noon", { email: "jl@clinic.test", name: "Jo Li" })).toEqual([]);
  });
});
