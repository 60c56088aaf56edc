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
