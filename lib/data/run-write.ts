import "server-only";
import { revalidatePath } from "next/cache";
import { echoable, type ActionState } from "@/lib/validation/action-result";
import { ActionRefusal } from "./errors";

/**
 * Runs a write for an action: a refusal (validation against the database, conflict, confirmation needed)
 * becomes the action's typed answer with the submitted values echoed back; anything else is unexpected
 * and is thrown to the error boundary.
 */
export async function runWrite(
  submitted: Record<string, string | string[]>,
  write: () => Promise<void>,
  okMessage: string,
  revalidate: string[],
): Promise<ActionState> {
  try {
    await write();
  } catch (error) {
    if (error instanceof ActionRefusal) {
      const state = error.state;
      return state.status === "error" || state.status === "confirm" ? { ...state, values: { ...echoable(submitted), ...state.values } } : state;
    }
    throw error;
  }
  for (const path of revalidate) revalidatePath(path, "page");
  return { status: "ok", message: okMessage };
}
