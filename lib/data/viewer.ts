import "server-only";
import { can, type Permission, type Role } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/** Who is reading: read functions answer by the viewer's role, whatever the caller checked before. */
export interface Viewer {
  role: Role;
}

/** Refuses a read the viewer's role may not make (a second check behind the page's own). */
export function assertCan(viewer: Viewer, permission: Permission): void {
  if (!can(viewer.role, permission)) throw new AppError("FORBIDDEN", "You do not have permission to see this.");
}

/**
 * Refuses a write the actor's role may not make: a second check behind the server action's (lib/actions/client.ts),
 * for any other caller, taken before the write reads or locks anything.
 */
export function assertMay(actor: Viewer, permission: Permission): void {
  if (!can(actor.role, permission)) throw new AppError("FORBIDDEN", "You do not have permission to do this.");
}
