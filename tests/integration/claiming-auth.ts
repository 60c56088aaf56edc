import { claimRotation } from "@/lib/auth/sessions";
import { sessionState } from "./setup";

/**
 * Auth.js's functions as the sign-in's actions call them, moving the token as lib/auth/config.ts's jwt callback
 * does: the link is claimed in the database, and the token keeps its session when the claim is refused (the
 * shared test setup moves it without the claim). For `vi.mock("@/lib/auth/config", () => import("./claiming-auth"))`.
 */
export const signIn = async () => undefined;
export const signOut = async () => undefined;
export async function unstable_update(data: { rotatedSid?: string }) {
  const token = sessionState.current;
  if (!token?.sid) return null;
  if (typeof data.rotatedSid === "string" && (await claimRotation(data.rotatedSid, token.sid))) token.sid = data.rotatedSid;
  return { sid: token.sid };
}
