import { seesPatientData, type Role } from "@/lib/auth/permissions";

/**
 * How an account stands for signing in with a password, as the users page says it: set, or waiting for its
 * setup link (a dermatologist's for an account that sees patient data). A disabled account waits for nothing:
 * it is given no link until it is enabled. `waiting`: shown as a badge, something to follow up.
 */
export function passwordStatus(u: { passwordSet: boolean; disabled: boolean; role: Role }): { text: string; waiting: boolean } {
  if (u.passwordSet) return { text: "Password set", waiting: false };
  if (u.disabled) return { text: "No password yet", waiting: false };
  return { text: seesPatientData(u.role) ? "Awaiting a dermatologist's setup link" : "Awaiting setup link", waiting: true };
}
