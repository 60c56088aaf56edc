import { describe, expect, it } from "vitest";
import { passwordStatus } from "@/app/(portal)/admin/users/sign-in-status";

describe("an account's password as the users page says it", () => {
  it.each([
    [
      { passwordSet: true, disabled: false, role: "STAFF" },
      { text: "Password set", waiting: false },
    ],
    [
      { passwordSet: true, disabled: true, role: "NURSE" },
      { text: "Password set", waiting: false },
    ],
    [
      { passwordSet: false, disabled: false, role: "STAFF" },
      { text: "Awaiting a dermatologist's setup link", waiting: true },
    ],
    [
      { passwordSet: false, disabled: false, role: "ADMIN" },
      { text: "Awaiting setup link", waiting: true },
    ],
    // Disabled, it waits for no link: none is given until it is enabled.
    [
      { passwordSet: false, disabled: true, role: "STAFF" },
      { text: "No password yet", waiting: false },
    ],
    [
      { passwordSet: false, disabled: true, role: "ADMIN" },
      { text: "No password yet", waiting: false },
    ],
  ] as const)("%o: %o", (account, status) => {
    expect(passwordStatus(account)).toEqual(status);
  });
});
